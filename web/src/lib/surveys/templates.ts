/**
 * Surveys to start from, in French and English: a practice survey, prescribing habits, and a
 * sentinel-style weekly count (as the French Sentinelles GP network collects it). A template only
 * fills the builder; the client changes anything before saving, and the API validates the result.
 */
import type { QuestionKind } from '$lib/graphql/surveys.ts';
import type { Locale } from '$lib/i18n/locale.ts';
import { blankQuota, emptyCondition, eurosInput, newKey, type QuestionDraft, type SurveyFormValues } from './survey-form.ts';

export const TEMPLATE_IDS = ['practice', 'prescribing', 'sentinel'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const isTemplateId = (value: string | null): value is TemplateId => (TEMPLATE_IDS as readonly (string | null)[]).includes(value);

interface TemplateQuestion {
  kind: QuestionKind;
  prompt: string;
  choices?: string[];
  min?: number;
  max?: number;
}

interface Template {
  title: string;
  description: string;
  questions: TemplateQuestion[];
}

interface TemplateTerms {
  sampleSize: number;
  honorariumCents: number;
  specialties: string[];
}

const TERMS: Record<TemplateId, TemplateTerms> = {
  practice: { sampleSize: 200, honorariumCents: 1500, specialties: [] },
  prescribing: { sampleSize: 300, honorariumCents: 2000, specialties: ['general-practice', 'pediatrics'] },
  sentinel: { sampleSize: 100, honorariumCents: 500, specialties: ['general-practice'] },
};

const TEMPLATES: Record<TemplateId, Record<Locale, Template>> = {
  practice: {
    fr: {
      title: 'Organisation du cabinet et conditions d’exercice',
      description: 'Cinq questions sur votre mode d’exercice, votre activité et vos outils. Environ 4 minutes.',
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'Quel est votre mode d’exercice principal ?', choices: ['Libéral, seul', 'Libéral, en groupe ou en maison de santé', 'Salarié d’un centre de santé', 'Hospitalier', 'Mixte'] },
        { kind: 'NUMBER', prompt: 'Combien de consultations réalisez-vous par semaine, en moyenne ?', min: 0, max: 400 },
        { kind: 'MULTIPLE_CHOICE', prompt: 'Quels outils utilisez-vous au quotidien ?', choices: ['Logiciel médical avec dossier partagé', 'Téléconsultation', 'Prise de rendez-vous en ligne', 'Messagerie sécurisée de santé', 'Aucun de ces outils'] },
        { kind: 'LIKERT', prompt: 'Ma charge administrative est raisonnable.' },
        { kind: 'TEXT', prompt: 'Qu’est-ce qui améliorerait le plus votre exercice au quotidien ?' },
      ],
    },
    en: {
      title: 'Practice organisation and working conditions',
      description: 'Five questions about how you practise, your workload and your tools. About 4 minutes.',
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'How do you mainly practise?', choices: ['Self-employed, alone', 'Self-employed, in a group practice', 'Salaried, in a health centre', 'In hospital', 'Mixed'] },
        { kind: 'NUMBER', prompt: 'How many consultations do you give a week, on average?', min: 0, max: 400 },
        { kind: 'MULTIPLE_CHOICE', prompt: 'Which tools do you use every day?', choices: ['Clinical software with shared records', 'Video consultations', 'Online booking', 'Secure health messaging', 'None of these'] },
        { kind: 'LIKERT', prompt: 'My administrative workload is reasonable.' },
        { kind: 'TEXT', prompt: 'What would improve your daily practice the most?' },
      ],
    },
  },
  prescribing: {
    fr: {
      title: 'Habitudes de prescription des antibiotiques',
      description: 'Vos pratiques face aux infections ORL courantes. Environ 5 minutes ; les réponses restent anonymes.',
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'Otite moyenne aiguë peu symptomatique chez un enfant de plus de 2 ans : que faites-vous le plus souvent ?', choices: ['Antibiothérapie immédiate', 'Antibiothérapie différée', 'Traitement symptomatique seul', 'Cela dépend du contexte'] },
        { kind: 'SINGLE_CHOICE', prompt: 'Quand vous prescrivez un antibiotique pour une otite, lequel choisissez-vous en première intention ?', choices: ['Amoxicilline', 'Amoxicilline et acide clavulanique', 'Céphalosporine', 'Macrolide', 'Autre'] },
        { kind: 'NUMBER', prompt: 'Sur vos 10 dernières angines, combien de tests rapides (TROD) avez-vous réalisés ?', min: 0, max: 10 },
        { kind: 'LIKERT', prompt: 'Les recommandations de prescription sont faciles à appliquer en consultation.' },
        { kind: 'TEXT', prompt: 'Qu’est-ce qui influence le plus vos choix de prescription ?' },
      ],
    },
    en: {
      title: 'Antibiotic prescribing habits',
      description: 'How you manage common ear, nose and throat infections. About 5 minutes; answers stay anonymous.',
      questions: [
        { kind: 'SINGLE_CHOICE', prompt: 'Mild acute otitis media in a child over 2: what do you do most often?', choices: ['Immediate antibiotics', 'Delayed antibiotics', 'Symptomatic treatment only', 'It depends on the context'] },
        { kind: 'SINGLE_CHOICE', prompt: 'When you prescribe an antibiotic for otitis, which is your first choice?', choices: ['Amoxicillin', 'Co-amoxiclav', 'A cephalosporin', 'A macrolide', 'Another'] },
        { kind: 'NUMBER', prompt: 'Of your last 10 sore throats, how many did you test with a rapid strep test?', min: 0, max: 10 },
        { kind: 'LIKERT', prompt: 'Prescribing guidelines are easy to apply during a consultation.' },
        { kind: 'TEXT', prompt: 'What influences your prescribing choices the most?' },
      ],
    },
  },
  sentinel: {
    fr: {
      title: 'Surveillance hebdomadaire : cas vus cette semaine',
      description: 'Le relevé de la semaine écoulée, du lundi au dimanche, comme dans les réseaux sentinelles. Environ 2 minutes.',
      questions: [
        { kind: 'NUMBER', prompt: 'Combien de patients avez-vous vus cette semaine pour un syndrome grippal (fièvre brutale > 39 °C, myalgies, signes respiratoires) ?', min: 0, max: 500 },
        { kind: 'NUMBER', prompt: 'Combien pour une diarrhée aiguë ?', min: 0, max: 500 },
        { kind: 'NUMBER', prompt: 'Combien pour une varicelle ?', min: 0, max: 200 },
        { kind: 'NUMBER', prompt: 'Combien d’actes (consultations et visites) avez-vous réalisés cette semaine ?', min: 0, max: 1000 },
        { kind: 'SINGLE_CHOICE', prompt: 'Cette semaine, votre activité a été :', choices: ['Plus faible que d’habitude', 'Habituelle', 'Plus forte que d’habitude'] },
      ],
    },
    en: {
      title: 'Weekly surveillance: cases seen this week',
      description: 'Last week’s count, Monday to Sunday, as sentinel networks collect it. About 2 minutes.',
      questions: [
        { kind: 'NUMBER', prompt: 'How many patients did you see this week for influenza-like illness (sudden fever over 39 °C, muscle pain, respiratory signs)?', min: 0, max: 500 },
        { kind: 'NUMBER', prompt: 'How many for acute diarrhoea?', min: 0, max: 500 },
        { kind: 'NUMBER', prompt: 'How many for chickenpox?', min: 0, max: 200 },
        { kind: 'NUMBER', prompt: 'How many consultations and home visits did you give this week?', min: 0, max: 1000 },
        { kind: 'SINGLE_CHOICE', prompt: 'This week, your activity was:', choices: ['Lower than usual', 'As usual', 'Higher than usual'] },
      ],
    },
  },
};

function draft(q: TemplateQuestion, likertLabels: readonly string[], translated: TemplateQuestion | undefined): QuestionDraft {
  return {
    key: newKey(),
    kind: q.kind,
    prompt: q.prompt,
    choices: q.kind === 'LIKERT' ? [...likertLabels] : [...(q.choices ?? [])],
    promptTranslation: translated?.prompt ?? '',
    choiceTranslations: q.kind === 'LIKERT' ? [] : (q.choices ?? []).map((_, i) => translated?.choices?.[i] ?? ''),
    min: q.min === undefined ? '' : String(q.min),
    max: q.max === undefined ? '' : String(q.max),
    showIf: emptyCondition(),
    skip: '',
  };
}

/**
 * The builder's values for a template, in the client's language; its version in the other
 * language is ready as the translations, used if the client makes the survey bilingual.
 */
export function templateValues(id: TemplateId, locale: Locale, likertLabels: readonly string[]): SurveyFormValues {
  const template = TEMPLATES[id][locale];
  const other = TEMPLATES[id][locale === 'fr' ? 'en' : 'fr'];
  const terms = TERMS[id];
  return {
    title: template.title,
    description: template.description,
    language: locale,
    bilingual: false,
    titleTranslation: other.title,
    descriptionTranslation: other.description,
    questions: template.questions.map((q, i) => draft(q, likertLabels, other.questions[i])),
    specialties: [...terms.specialties],
    countries: [],
    regions: '',
    minYearsInPractice: '',
    sampleSize: String(terms.sampleSize),
    honorarium: eurosInput(terms.honorariumCents, locale),
    closesOn: '',
    textsToClient: false,
    quotas: [blankQuota()],
  };
}
