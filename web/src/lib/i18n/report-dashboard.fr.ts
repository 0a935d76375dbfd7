/** French messages of the report preview before ordering and of the report's summary, withheld figures and print (#13). */
export const reportDashboardFr = {
  'reason.nothing_publishable':
    'Ce rapport ne publierait aucun chiffre : chacun décrirait moins de k répondants, ou serait masqué pour en protéger un. Il ne peut pas être commandé.',

  'preview.title': 'Ce que le rapport publiera',
  'preview.lead':
    'Aperçu gratuit, calculé à partir du rapport lui-même : les effectifs sont arrondis, le rapport donne les chiffres exacts.',
  'preview.nothing.title': 'Ce rapport ne publierait rien',
  'preview.nothing.few':
    'Avec moins de {k} répondants, chaque question a moins de {k} réponses : tous les chiffres seraient masqués. Le rapport ne peut pas être commandé.',
  'preview.nothing.built':
    'Chaque chiffre décrirait moins de {k} répondants, ou serait masqué pour empêcher de recalculer un chiffre masqué. Le rapport ne peut pas être commandé.',
  'preview.unknown':
    'L’aperçu détaillé sera prêt quand le rapport aura été calculé, au plus tard le {date} : des réponses tardives peuvent encore arriver d’ici là. Vous pouvez commander dès maintenant ou attendre l’aperçu.',
  'preview.unknownSoon':
    'L’aperçu détaillé sera prêt dans quelques minutes, une fois le rapport calculé. Rechargez la page, ou commandez dès maintenant.',
  'preview.figures':
    '{published, plural, one {# chiffre publié} other {# chiffres publiés}}, {withheld, plural, =0 {aucun masqué} one {# masqué} other {# masqués}} (seuil k = {k}).',
  'preview.partialWarning':
    '{count, plural, one {# question ne publiera aucun chiffre} other {# questions ne publieront aucun chiffre}} : voir ci-dessous.',
  'preview.questions': 'Questions du rapport',
  'preview.answers.FEWER_THAN_K': 'moins de {k} réponses',
  'preview.answers.WITHHELD': 'effectif masqué',
  'preview.answers.ABOUT': 'environ {about} réponses',
  'preview.publishes': 'publiée',
  'preview.withheld': 'rien de publié',
  'preview.questionFigures': '{published} publiés · {withheld} masqués',
  'preview.crossTab':
    'par {dimension} : {published, plural, one {# groupe affiché} other {# groupes affichés}}, {withheld, plural, =0 {aucun masqué} one {# masqué} other {# masqués}}',
  'preview.unavailable': 'L’aperçu n’a pas pu être calculé. Rechargez la page dans un instant.',

  'report.withheldLegend': 'Non publié (< k)',
  'report.withheldNote':
    '« non publié (< k) » : moins de {k} répondants ont donné cette réponse, ou le chiffre est masqué pour qu’un autre chiffre non publié ne puisse pas être recalculé à partir des totaux. Ce n’est pas un zéro.',

  'report.printedFrom': 'Rapport de recherche {app} : chiffres agrégés, anonymes, publiés sous le seuil k.',
  'report.method.title': 'En bref et méthode',
  'report.method.statement':
    '{respondents, plural, one {# médecin vérifié a répondu} other {# médecins vérifiés ont répondu}} à cette enquête sur Consilium, du {from} au {until}. Le diplôme de chaque répondant a été vérifié auprès d’un registre public, et aucune réponse ne peut être reliée au médecin qui l’a donnée (signatures aveugles).',
  'report.method.margin':
    'Les parts sont données avec leur intervalle de confiance à 95 % (Wilson) ; pour une part de l’ensemble des répondants, la marge d’erreur est d’au plus ±{margin} points.',
  'report.method.withheld':
    '{withheld} chiffres sur {total} ne sont pas publiés : aucun chiffre ne décrit moins de {k} répondants, et certains sont masqués pour qu’un chiffre non publié ne puisse pas être recalculé à partir des totaux.',
  'report.method.questionsWithout':
    '{count, plural, =0 {Chaque question publie des chiffres.} one {# question ne publie aucun chiffre propre.} other {# questions ne publient aucun chiffre propre.}}',
  'report.method.exact': 'Aucun bruit aléatoire n’a été ajouté : les effectifs publiés sont exacts.',
  'report.method.audience': 'À qui l’enquête s’adressait',
  'report.method.fielded': 'Période de recueil',
  'report.method.dates': 'du {from} au {until}',
};
