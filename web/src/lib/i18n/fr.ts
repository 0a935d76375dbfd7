/**
 * French messages (the default locale). ICU MessageFormat syntax; typographic apostrophes (’)
 * so that ICU never reads one as an escape. `en.ts` must have the same keys and placeholders.
 */
export const fr = {
  'app.name': 'Consilium',
  'app.tagline': 'Le réseau confidentiel des médecins',

  'nav.skip': 'Aller au contenu principal',
  'nav.main': 'Navigation principale',
  'nav.home': 'Accueil',
  'nav.login': 'Se connecter',
  'nav.register': 'Créer un compte',
  'nav.logout': 'Se déconnecter',
  'nav.signedInAs': 'Connecté en tant que {email}',

  'lang.label': 'Langue',
  'lang.fr': 'Français',
  'lang.en': 'English',

  'home.title': 'Accueil',
  'home.anon.heading': 'Entre médecins, en toute confidentialité',
  'home.anon.lead':
    'Consilium réunit des médecins vérifiés, surtout en France et en Belgique, pour discuter de cas cliniques sous pseudonyme et répondre à des enquêtes commandées par des agences publiques et des organismes de recherche.',
  'home.anon.physicians.title': 'Pour les médecins',
  'home.anon.physicians.body':
    'Une fois votre licence vérifiée, vous échangez avec vos pairs sous un pseudonyme stable et vous êtes rémunéré pour les enquêtes auxquelles vous répondez.',
  'home.anon.clients.title': 'Pour les organismes',
  'home.anon.clients.body':
    'Agences et organismes de recherche commandent des enquêtes ciblées et reçoivent des résultats agrégés et anonymes.',
  'home.anon.privacy.title': 'Un anonymat démontrable',
  'home.anon.privacy.body':
    'Vos réponses aux enquêtes ne peuvent pas vous être rattachées, ni par un client, ni par un administrateur, ni par quiconque détient la base de données.',
  'home.anon.cta': 'Rejoindre Consilium',
  'home.anon.haveAccount': 'Déjà membre ?',

  'account.heading': 'Votre compte',
  'account.email': 'Adresse e-mail',
  'account.role': 'Type de compte',
  'account.organization': 'Organisme',
  'account.clientNext':
    'Vous pourrez bientôt créer des enquêtes pour votre organisme, suivre leur taux de réponse et commander les rapports.',
  'account.adminNext': 'Les outils d’administration (vérification des licences, validation des enquêtes) arrivent bientôt.',

  'role.PHYSICIAN': 'Médecin',
  'role.CLIENT': 'Organisme client',
  'role.ADMIN': 'Administrateur',

  'verification.heading': 'Vérification de votre licence',
  'verification.state': 'État',
  'verification.status.UNSUBMITTED': 'Non soumise',
  'verification.status.PENDING': 'En cours d’examen',
  'verification.status.VERIFIED': 'Vérifiée',
  'verification.status.REJECTED': 'Refusée',
  'verification.status.REVOKED': 'Révoquée',
  'verification.explain.UNSUBMITTED':
    'Vous n’avez pas encore soumis votre licence d’exercice. Seuls les médecins vérifiés peuvent lire et écrire dans les discussions et répondre aux enquêtes.',
  'verification.next.UNSUBMITTED':
    'Prochaine étape : soumettre votre numéro d’inscription (RPPS en France, INAMI en Belgique…) avec votre spécialité.',
  'verification.explain.PENDING':
    'Votre licence a été soumise. Un administrateur la compare au registre officiel.',
  'verification.next.PENDING': 'Vous n’avez rien à faire : l’accès aux discussions et aux enquêtes s’ouvrira dès la validation.',
  'verification.explain.VERIFIED':
    'Votre licence est vérifiée. Vous avez accès aux discussions sous pseudonyme et aux enquêtes qui vous ciblent.',
  'verification.next.VERIFIED': 'Vos publications portent votre pseudonyme et un badge indiquant votre spécialité et votre pays, jamais votre nom.',
  'verification.explain.REJECTED':
    'Votre licence n’a pas pu être vérifiée. Le motif du refus vous est communiqué avec la décision.',
  'verification.next.REJECTED': 'Vous pouvez soumettre une licence corrigée ; elle remplacera la précédente.',
  'verification.explain.REVOKED':
    'Votre vérification a été révoquée. Vous n’avez plus accès aux discussions ni aux enquêtes.',
  'verification.next.REVOKED': 'Si vous pensez qu’il s’agit d’une erreur, contactez l’équipe de Consilium.',

  'field.email': 'Adresse e-mail',
  'field.password': 'Mot de passe',
  'field.passwordHint': 'Au moins 12 caractères. Une phrase de plusieurs mots est idéale.',
  'field.organizationName': 'Nom de l’organisme',
  'field.organizationHint': 'Obligatoire pour les organismes clients.',

  'login.title': 'Connexion',
  'login.heading': 'Se connecter',
  'login.submit': 'Se connecter',
  'login.noAccount': 'Pas encore de compte ?',
  'login.registerLink': 'Créer un compte',

  'register.title': 'Créer un compte',
  'register.heading': 'Créer un compte',
  'register.lead': 'Les médecins soumettront ensuite leur licence pour vérification.',
  'register.role': 'Vous êtes',
  'register.rolePhysician': 'Médecin',
  'register.rolePhysicianHint': 'Pour discuter avec vos pairs et répondre aux enquêtes.',
  'register.roleClient': 'Organisme client',
  'register.roleClientHint': 'Agence publique ou organisme de recherche qui commande des enquêtes.',
  'register.submit': 'Créer mon compte',
  'register.haveAccount': 'Déjà un compte ?',
  'register.loginLink': 'Se connecter',

  'logout.title': 'Déconnexion',
  'logout.heading': 'Se déconnecter',
  'logout.body': 'Vous allez fermer votre session sur cet appareil.',
  'logout.submit': 'Se déconnecter',

  'reason.required': 'Ce champ est obligatoire.',
  'reason.too_long': 'Ce texte est trop long.',
  'reason.invalid_email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
  'reason.too_short': 'Ce texte est trop court.',
  'reason.invalid': 'Cette valeur n’est pas valide.',
  'reason.password.too_short': 'Le mot de passe doit comporter au moins 12 caractères.',
  'reason.organizationName.too_short': 'Le nom de l’organisme doit comporter au moins 2 caractères.',
  'reason.common_password': 'Ce mot de passe est trop courant. Choisissez-en un plus difficile à deviner.',
  'reason.email_taken': 'Un compte existe déjà avec cette adresse e-mail.',
  'reason.organization_required': 'Indiquez le nom de votre organisme.',
  'reason.role_not_allowed': 'Choisissez « Médecin » ou « Organisme client ».',
  'reason.invalid_credentials': 'Adresse e-mail ou mot de passe incorrect.',

  'error.summary': 'Le formulaire contient {count, plural, one {une erreur} other {# erreurs}}.',
  'error.rateLimited':
    'Trop de tentatives. Réessayez dans {seconds, plural, one {# seconde} other {# secondes}}.',
  'error.rateLimitedSoon': 'Trop de tentatives. Réessayez dans quelques instants.',
  'error.unauthenticated': 'Votre session a expiré. Reconnectez-vous.',
  'error.forbidden': 'Vous n’avez pas accès à cette page.',
  'error.unavailable.title': 'Service momentanément indisponible',
  'error.unavailable.body':
    'Consilium ne parvient pas à joindre son serveur. Vos données ne sont pas perdues : réessayez dans quelques minutes.',
  'error.notFound.title': 'Page introuvable',
  'error.notFound.body': 'Cette adresse ne correspond à aucune page.',
  'error.generic.title': 'Une erreur est survenue',
  'error.generic.body': 'Un problème inattendu nous empêche d’afficher cette page. Réessayez plus tard.',
  'error.backHome': 'Retour à l’accueil',
} satisfies Record<string, string>;
