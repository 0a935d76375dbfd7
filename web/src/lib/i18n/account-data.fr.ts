/** French messages of the account page's sessions and data rights (#14, points 3 and 4). */
export const accountDataFr = {
  'sessions.title': 'Appareils connectés',
  'sessions.lead':
    'Chaque connexion ouverte à votre compte. Consilium ne garde que le type de navigateur et de système, et les jours (jamais l’heure ni l’adresse).',
  'sessions.device.unknown': 'Appareil non identifié',
  'sessions.current': 'Cet appareil',
  'sessions.openedOn': 'Ouverte le {day}',
  'sessions.lastUsedOn': 'Dernière utilisation le {day}',
  'sessions.end': 'Déconnecter',
  'sessions.endLabel': 'Déconnecter {device}, ouverte le {day}',
  'sessions.ended': 'Cet appareil a été déconnecté.',
  'sessions.failed': 'Cette connexion n’a pas pu être fermée : elle l’était peut-être déjà. La liste est à jour.',
  'sessions.endAll': 'Déconnecter tous les appareils',
  'sessions.endAllQuestion': 'Déconnecter tous vos appareils, y compris celui-ci ?',
  'sessions.endAllYes': 'Oui, tous',
  'dataRights.title': 'Vos données',
  'dataRights.export.lead':
    'Téléchargez tout ce que Consilium détient sur votre compte (fichier JSON) : compte, licence, connexions, honoraires et, calculés à l’instant pour vous seul, vos messages, votes et favoris sous pseudonyme. Le fichier n’est conservé nulle part.',
  'dataRights.export.button': 'Télécharger mes données',
  'dataRights.delete.title': 'Supprimer mon compte',
  'dataRights.delete.lead': 'Avant de confirmer, voici ce qui se passe :',
  'dataRights.delete.posts':
    'Vos messages et votes sous pseudonyme restent dans les discussions, mais plus rien ne les relie à vous : le lien est détruit pour toujours et ne pourra pas être rétabli, même par Consilium. Vous ne pourrez plus les modifier ni les supprimer.',
  'dataRights.delete.credential': 'Votre licence est libérée : elle pourra à nouveau être vérifiée pour un nouveau compte.',
  'dataRights.delete.honoraria':
    'Le registre de vos honoraires est conservé, comme la loi l’exige pour les paiements, mais sans votre adresse e-mail ni rien qui vous nomme.',
  'dataRights.delete.sessions': 'Tous vos appareils sont déconnectés. La suppression est définitive.',
  'dataRights.delete.password': 'Votre mot de passe, pour confirmer',
  'dataRights.delete.submit': 'Supprimer définitivement mon compte',
  'dataRights.delete.wrongPassword': 'Ce mot de passe n’est pas le bon : rien n’a été supprimé.',
  'dataRights.delete.notPhysician':
    'Un compte client appartient à son organisation (enquêtes, factures) : écrivez-nous pour le fermer.',
  'dataRights.deleted': 'Votre compte a été supprimé. Vos messages restent, sans lien avec vous.',
} satisfies Record<string, string>;
