/** Messages français de la double authentification (TOTP, codes de secours, confirmation d'identité ; issue #14, point 2). */
export const secondFactorFr = {
  'login.code': 'Code de vérification',
  'login.codeHint': 'Les 6 chiffres affichés par votre application d’authentification, ou un code de secours.',
  'login.codeRequired': 'Ce compte est protégé par une double authentification : saisissez le code de votre application.',
  'login.codeInvalid': 'Ce code est faux ou a déjà servi. Saisissez le code affiché maintenant, ou un code de secours.',
  'factor.title': 'Double authentification',
  'factor.heading': 'Double authentification',
  'factor.intro':
    'Une application d’authentification (sur votre téléphone) donne un code à 6 chiffres qui change toutes les 30 secondes. Demandé à la connexion après le mot de passe, il protège votre compte même si votre mot de passe est connu.',
  'factor.required':
    'Les administrateurs doivent se connecter avec un second facteur. Configurez une application d’authentification ci-dessous : les pages d’administration s’ouvriront ensuite.',
  'factor.enabled': 'Une application d’authentification est configurée.',
  'factor.disabled': 'Aucune application d’authentification n’est configurée.',
  'factor.recoveryLeft': 'Codes de secours inutilisés : {count}.',
  'factor.start': 'Configurer une application d’authentification',
  'factor.scan':
    'Scannez ce QR code avec votre application d’authentification (ou saisissez la clé à la main), puis entrez le code à 6 chiffres qu’elle affiche.',
  'factor.qrAlt': 'QR code à scanner avec votre application d’authentification',
  'factor.secret': 'Clé à saisir à la main',
  'factor.code': 'Code à 6 chiffres',
  'factor.confirm': 'Activer',
  'factor.codesHeading': 'Vos codes de secours',
  'factor.codesIntro':
    'Si vous perdez votre téléphone, chacun de ces codes remplace une fois le code de l’application. Conservez-les hors ligne : ils ne seront plus affichés.',
  'factor.regenerateHeading': 'Nouveaux codes de secours',
  'factor.regenerate': 'Générer de nouveaux codes',
  'factor.regenerateHint': 'Les anciens codes cesseront de fonctionner.',
  'factor.removeHeading': 'Retirer l’application',
  'factor.remove': 'Retirer l’application d’authentification',
  'factor.appCode': 'Code de l’application ou code de secours',
  'factor.password': 'Mot de passe',
  'factor.done.enrolled': 'La double authentification est activée.',
  'factor.done.removed': 'L’application d’authentification a été retirée.',
  'factor.link': 'Double authentification',
  'stepUp.title': 'Confirmez votre identité',
  'stepUp.heading': 'Confirmez votre identité',
  'stepUp.intro':
    'Cette action d’administration demande une confirmation récente : saisissez à nouveau votre mot de passe et un code, puis vous revenez à l’action. La confirmation vaut quelques minutes.',
  'stepUp.submit': 'Confirmer',
  'stepUp.again': 'Merci, c’est bien vous. L’action n’a pas encore été faite : elle est prête ci-dessous, faites-la maintenant.',
} satisfies Record<string, string>;
