/** French messages of sending forms: a form sent twice, or while its first sending runs (#13). */
export const formsFr = {
  'reason.idempotency_key_reused':
    'Ce formulaire a déjà été envoyé avec un autre contenu. Rechargez la page, vérifiez si votre envoi a bien été pris en compte, puis envoyez-le de nouveau si besoin.',
  'reason.idempotency_in_progress': 'Votre envoi précédent de ce formulaire est encore en cours. Patientez quelques secondes, puis réessayez.',
} satisfies Record<string, string>;
