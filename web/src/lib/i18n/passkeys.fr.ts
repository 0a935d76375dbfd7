/** French messages of passkeys: the account page's section and the login page's button (#14, point 2). */
export const passkeysFr = {
  'passkeys.title': 'Clés d’accès',
  'passkeys.lead':
    'Une clé d’accès (passkey) vous connecte avec le verrouillage de votre appareil (empreinte, visage ou code), sans mot de passe, et compte pour deux facteurs. Consilium n’en garde que le nom et les jours où elle a été ajoutée et utilisée.',
  'passkeys.none': 'Aucune clé d’accès pour l’instant.',
  'passkeys.addedOn': 'Ajoutée le {day}',
  'passkeys.lastUsedOn': 'utilisée le {day}',
  'passkeys.neverUsed': 'pas encore utilisée',
  'passkeys.name': 'Nom de la clé',
  'passkeys.nameHint': 'Par exemple « Ordinateur du cabinet » ou « Téléphone ».',
  'passkeys.add': 'Ajouter une clé d’accès',
  'passkeys.adding': 'Suivez les indications de votre appareil…',
  'passkeys.newName': 'Nouveau nom pour « {name} »',
  'passkeys.rename': 'Renommer',
  'passkeys.remove': 'Retirer',
  'passkeys.removeLabel': 'Retirer la clé d’accès « {name} »',
  'passkeys.added': 'La clé d’accès a été ajoutée. Vous pourrez l’utiliser à la prochaine connexion.',
  'passkeys.renamed': 'La clé d’accès a été renommée.',
  'passkeys.removed': 'La clé d’accès a été retirée. Retirez-la aussi de votre appareil si vous ne vous en servez plus.',
  'passkeys.problem.unsupported':
    'Ce navigateur ne sait pas utiliser les clés d’accès (ou JavaScript est désactivé). Essayez un Chrome, Safari, Firefox ou Edge récent, ou connectez-vous avec votre mot de passe.',
  'passkeys.problem.cancelled': 'La demande de clé d’accès a été annulée ou a expiré. Rien n’a changé ; vous pouvez réessayer.',
  'passkeys.problem.exists': 'Cet appareil détient déjà une clé d’accès pour votre compte.',
  'passkeys.problem.failed': 'La clé d’accès n’a pas pu être utilisée. Réessayez.',
  'reason.response.invalid': 'La clé d’accès n’a pas pu être vérifiée. Réessayez.',
  'reason.response.out_of_range': 'Votre compte a déjà le nombre maximal de clés d’accès : retirez-en une d’abord.',
  'reason.id.last_factor':
    'C’est votre dernier second facteur : un administrateur doit en garder un. Ajoutez d’abord une autre clé d’accès.',
  'reason.passkey_refused':
    'Cette clé d’accès n’est pas reconnue ici. Elle a peut-être été retirée de votre compte : connectez-vous avec votre mot de passe.',
  'login.passkey': 'Utiliser une clé d’accès',
  'login.passkeyLead': 'Ni e-mail ni mot de passe : votre appareil demande son verrouillage.',
  'login.or': 'ou avec votre mot de passe',
};
