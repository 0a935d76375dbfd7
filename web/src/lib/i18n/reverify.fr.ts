/** Messages français de la nouvelle vérification des diplômes (issue #14, point 5). */
export const reverifyFr = {
  'queue.tab.REVERIFY': 'À revérifier',
  'queue.confirm': 'Confirmer la vérification',
  'queue.reverify': 'Demander une nouvelle vérification',
  'queue.reverifyReason': 'Motif de la nouvelle vérification',
  'queue.done.confirm': 'Vérification de la licence {registry} {number} confirmée.',
  'queue.done.reverify': 'Licence {registry} {number} mise en nouvelle vérification.',
  'reverify.reason.REGISTRY_MISSING': 'Le registre ne mentionne plus ce numéro',
  'reverify.reason.REGISTRY_SPECIALTY': 'Le registre indique une autre spécialité',
  'reverify.reason.AGE': 'Vérification ancienne',
  'reverify.reason.ADMIN_REQUEST': 'Demandée par un administrateur',
  'reverify.since': 'depuis le {date}',
  'reverify.note': 'Motif :',
  'reverify.registryNow': 'Registre {registry} aujourd’hui',
  'reverify.before': 'Ci-dessous, ce que le registre indiquait lors de la vérification.',
  'reverify.holder':
    'Votre diplôme fait l’objet d’une nouvelle vérification ({reason}). Votre accès reste ouvert pendant l’examen ; un administrateur confirmera ou retirera la vérification.',
} satisfies Record<string, string>;
