/** French messages of coming back to an opened survey: the resume code, the inbox's opened surveys (#13). */
export const resumeFr = {
  'resume.code.title': 'Continuer sur un autre appareil',
  'resume.code.lead':
    'Notez-le pour terminer l’enquête depuis un autre navigateur où vous vous connectez (celui-ci la garde jusqu’à votre réponse). Consilium ne le connaît pas et ne pourra pas vous le redonner.',
  'resume.code.label': 'Code de reprise',
  'resume.form.title': 'Reprendre cette enquête',
  'resume.form.lead':
    'Vous avez ouvert cette enquête dans un autre navigateur ou sur un autre appareil. Saisissez le code de reprise affiché à ce moment-là : votre ticket anonyme est reconstitué ici, dans votre navigateur, sans que Consilium le voie.',
  'resume.form.label': 'Code de reprise',
  'resume.form.hint': '20 caractères, lettres et chiffres ; les tirets et les espaces sont facultatifs.',
  'resume.form.submit': 'Reprendre l’enquête',
  'resume.form.opening': 'Ouverture…',
  'resume.form.lost':
    'Code perdu ? Ouvrez l’enquête dans le navigateur où vous l’avez commencée : elle s’y trouve encore, avec son code.',
  'resume.problem.format': 'Le code de reprise compte 20 caractères, lettres et chiffres (par exemple 7KQ2-M9XD-0R4T-HV8B-E1CZ).',
  'resume.problem.wrongCode': 'Ce code n’ouvre pas cette enquête. Vérifiez-le : chaque enquête a son propre code.',
  'resume.problem.crypto':
    'Votre navigateur n’a pas pu vérifier le ticket reconstitué avec la clé publiée de l’enquête. Contactez-nous si cela se reproduit.',
  'inbox.opened.title': 'Enquêtes ouvertes',
  'inbox.opened.lead': 'Vous avez ouvert ces enquêtes sans encore recevoir leurs honoraires : reprenez-les depuis n’importe quel onglet.',
  'inbox.opened.state': 'Ouverte',
  'inbox.opened.resume': 'Reprendre l’enquête',
  'inbox.opened.answered': 'Répondue depuis ce navigateur : vos honoraires seront crédités.',
  'inbox.opened.note':
    'Sur un autre appareil : connectez-vous, ouvrez l’enquête et saisissez le code de reprise affiché quand vous l’avez ouverte.',
} as const;
