/**
 * The demo data set: loaded by `pnpm start` into an empty database so that a first look
 * shows a living product. Each capability adds its part here.
 */
import type { StaffRole } from '../domain/sessions.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, QuestionKind, SurveyStatus } from '@consilium/db';
import { generateSurveyKey } from '../domain/blind-signatures/keys.ts';
import { makeLicenseNumber } from '../domain/licence.ts';
import { seedDemoReverification } from './demo-reverify.ts';
import { importRegistryFile } from '../domain/registry/import.ts';
import { matchCredential } from '../domain/registry/match.ts';
import { hashPassword } from '../domain/passwords.ts';
import { enrolTotpDirectly } from '../domain/second-factor/factors.ts';
import { ensurePseudonym } from '../domain/pseudonyms.ts';
import { conditionJson } from '../domain/surveys/authoring.ts';
import type { Condition } from '../domain/surveys/logic.ts';
import { kindColumns } from '../domain/surveys/kinds.ts';
import { choiceRows, STANDARD_LIKERT } from '../domain/surveys/translations.ts';
import { createStorage, type Storage } from '../domain/uploads/storage.ts';
import { parseEnv } from '../env.ts';
import { seedDiscussionDemo } from './demo-discussion.ts';
import { seedDemoHonoraria } from './demo-honoraria.ts';
import { seedDemoReports } from './demo-reports.ts';
import { seedDemoWaves } from './demo-waves.ts';
import { seedDemoResume } from './demo-resume.ts';
import { seedDemoSessions } from './demo-sessions.ts';
import { seedDemoPasskeys } from './demo-passkeys.ts';
import { seedDemoAccessTokens } from './demo-access-tokens.ts';
import { noReportBuilds, type ReportBuilds } from '../domain/reports/builds.ts';
import { ensureSurveyKeys } from '@consilium/jobs/survey-keys';

/** Public demo passwords: they only ever open the demo data set. */
export const DEMO_PASSWORD = 'demo-consilium-2026';
/**
 * The demo admin's TOTP secret, public like the password: admins must sign in with a second
 * factor, so the demo prints it (`pnpm cli totp:code --secret …`, or any authenticator app).
 */
export const DEMO_ADMIN_TOTP_SECRET = 'KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU';

interface DemoAccount {
  email: string;
  role: 'ADMIN' | 'PHYSICIAN' | 'CLIENT';
  label: string;
  organization?: string;
  /** Registered but not confirmed: every page but the account page asks to confirm; the link is mailed at seeding (demo-mail.ts). */
  emailUnconfirmed?: true;
  /** An ADMIN's staff roles (docs/staff-roles.md). */
  staffRoles?: readonly StaffRole[];
  /** A credential, matching an entry of the RPPS sample extract (api/fixtures/registry). */
  credential?: { seed: number; specialty: string; status: 'VERIFIED' | 'PENDING'; region: string; since: number };
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: 'admin@demo.consilium.test', role: 'ADMIN', label: 'admin (owner)', staffRoles: ['OWNER', 'VERIFIER', 'MODERATOR', 'REVIEWER', 'FINANCE'] },
  { email: 'dr.martin@demo.consilium.test', role: 'PHYSICIAN', label: 'verified physician', credential: { seed: 1, specialty: 'cardiology', status: 'VERIFIED', region: 'Île-de-France', since: 2009 } },
  { email: 'dr.dubois@demo.consilium.test', role: 'PHYSICIAN', label: 'verified physician', credential: { seed: 3, specialty: 'pediatrics', status: 'VERIFIED', region: 'Occitanie', since: 2016 } },
  { email: 'dr.bernard@demo.consilium.test', role: 'PHYSICIAN', label: 'pending physician', credential: { seed: 2, specialty: 'general-practice', status: 'PENDING', region: 'Bretagne', since: 2019 } },
  { email: 'dr.petit@demo.consilium.test', role: 'PHYSICIAN', label: 'pending physician', credential: { seed: 987_654, specialty: 'dermatology', status: 'PENDING', region: 'Hauts-de-France', since: 2021 } },
  { email: 'dr.nouveau@demo.consilium.test', role: 'PHYSICIAN', label: 'new physician', emailUnconfirmed: true },
  { email: 'etudes@sante-publique.demo.consilium.test', role: 'CLIENT', label: 'client', organization: 'Santé publique (démo)' },
  { email: 'verifier@demo.consilium.test', role: 'ADMIN', label: 'verifier (staff)', staffRoles: ['VERIFIER'] },
  { email: 'moderator@demo.consilium.test', role: 'ADMIN', label: 'moderator (staff)', staffRoles: ['MODERATOR'] },
];

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'registry');
export const DEMO_REGISTRY_FILES = [
  { registry: 'RPPS', file: path.join(FIXTURES, 'PS_LibreAcces_Personne_activite_202611010000.txt') },
  { registry: 'NPI', file: path.join(FIXTURES, 'npidata_pfile_20261001-20261012.csv') },
] as const;

async function createDemoAccount(db: Db, account: DemoAccount, passwordHash: string, pseudonymSecret: string, adminId: string | null) {
  // A public agency's billing details, as its invoices print them.
  const billing = { billingAddress: '12 rue du Val d’Osne', postalCode: '94410', city: 'Saint-Maurice', country: 'FR' };
  const organization = account.organization ? await db.organization.create({ data: { name: account.organization, type: 'PUBLIC_AGENCY', ...billing } }) : null;
  const created = await db.account.create({
    data: {
      email: account.email, role: account.role, passwordHash, organizationId: organization?.id ?? null, emailConfirmed: !account.emailUnconfirmed,
      staffRoles: { create: (account.staffRoles ?? []).map((role) => ({ role })) },
    },
  });
  const c = account.credential;
  if (!c) return;
  const licenseNumber = makeLicenseNumber('RPPS', c.seed);
  const match = await matchCredential(db, { registry: 'RPPS', licenseNumber, specialty: c.specialty });
  const credential = await db.credential.create({
    data: {
      accountId: created.id, country: 'FR', registry: 'RPPS', licenseNumber, licenseClaim: c.status === 'VERIFIED' ? `RPPS:${licenseNumber}` : null,
      specialty: c.specialty, region: c.region, practiceStartYear: c.since, status: c.status,
      decidedAt: c.status === 'VERIFIED' ? new Date() : null,
      registryImportId: match.importId, registryFound: match.found, registryName: match.nameOnRegistry,
      registrySpecialty: match.specialtyOnRegistry, registryAgrees: match.agrees,
    },
  });
  if (c.status !== 'VERIFIED') return;
  await ensurePseudonym(db, pseudonymSecret, created.id, { specialty: c.specialty, country: 'FR' });
  if (adminId) await db.auditEntry.create({ data: { actorId: adminId, action: 'credential.approve', targetType: 'credential', targetId: credential.id } });
}

interface DemoSurvey {
  status: Extract<SurveyStatus, 'DRAFT' | 'SUBMITTED' | 'OPEN'>;
  title: string;
  description: string;
  specialties: string[];
  /** Quota cells (issue 17), each at least k. */
  quotas?: Array<{ specialty?: string; country?: string; yearsBand?: string; maxAnswers: number }>;
  questions: Array<{
    kind: QuestionKind; prompt: string; choices?: string[]; min?: number; max?: number; showIf?: Condition; items?: string[]; otherChoice?: string; rankTop?: number; shuffleChoices?: boolean;
    promptEn?: string; choicesEn?: string[]; itemsEn?: string[]; otherChoiceEn?: string;
  }>;
  /** A bilingual survey's English texts (docs/survey-languages.md): physicians reading English see them. */
  titleEn?: string;
  descriptionEn?: string;
}

const LIKERT_FR = ['Pas du tout d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'Tout à fait d’accord'];

/** One survey at each stage before answers: the OPEN one targets the two verified demo physicians. */
export const DEMO_SURVEYS: readonly DemoSurvey[] = [
  {
    status: 'OPEN',
    title: 'La téléconsultation dans votre pratique',
    description: 'Huit questions, moins de dix minutes. Les réponses sont anonymes : ni nous ni le commanditaire ne pouvons les relier à vous.',
    titleEn: 'Teleconsultation in your practice',
    descriptionEn: 'Eight questions, under ten minutes. Answers are anonymous: neither we nor the sponsor can link them to you.',
    specialties: ['cardiology', 'pediatrics'],
    quotas: [{ specialty: 'cardiology', maxAnswers: 100 }, { specialty: 'pediatrics', maxAnswers: 80 }],
    questions: [
      { kind: 'SINGLE_CHOICE', prompt: 'Proposez-vous des téléconsultations ?', choices: ['Oui, chaque semaine', 'Oui, occasionnellement', 'Non'], promptEn: 'Do you offer teleconsultations?', choicesEn: ['Yes, every week', 'Yes, now and then', 'No'] },
      // Logic (docs/survey-logic.md): who answers "Non" is asked neither for motives nor for a count.
      {
        kind: 'MULTIPLE_CHOICE', prompt: 'Pour quels motifs ?', choices: ['Suivi de traitement', 'Résultats d’examens', 'Renouvellement', 'Premier contact'],
        promptEn: 'For what reasons?', choicesEn: ['Treatment follow-up', 'Test results', 'Repeat prescription', 'First contact'],
        showIf: { combine: 'ALL', rules: [{ question: 0, operator: 'NOT_SELECTED', choice: 2 }] },
      },
      { kind: 'LIKERT', prompt: 'La téléconsultation fait gagner du temps à mes patients.', choices: LIKERT_FR, promptEn: 'Teleconsultation saves my patients time.', choicesEn: [...STANDARD_LIKERT.en] },
      {
        kind: 'NUMBER', prompt: 'Combien de téléconsultations par semaine, environ ?', min: 0, max: 200, promptEn: 'About how many teleconsultations a week?',
        showIf: { combine: 'ANY', rules: [{ question: 0, operator: 'SELECTED', choice: 0 }, { question: 0, operator: 'SELECTED', choice: 1 }] },
      },
      // The research kinds (#17): a matrix, a ranking (top 3, shown in a random order) and an "other (specify)" choice.
      {
        kind: 'MATRIX', prompt: 'Votre avis sur la téléconsultation', choices: LIKERT_FR, shuffleChoices: true,
        items: ['Elle convient au suivi des maladies chroniques.', 'Elle est bien remboursée.', 'Mes patients âgés l’utilisent sans difficulté.'],
        promptEn: 'Your view of teleconsultation', choicesEn: [...STANDARD_LIKERT.en],
        itemsEn: ['It suits the follow-up of chronic diseases.', 'It is well reimbursed.', 'My elderly patients use it without difficulty.'],
      },
      {
        kind: 'RANKING', prompt: 'Classez vos trois principaux freins.', choices: ['Examen clinique impossible', 'Connexion des patients', 'Temps administratif', 'Rémunération', 'Responsabilité médicale'], rankTop: 3, shuffleChoices: true,
        promptEn: 'Rank your three main obstacles.', choicesEn: ['No physical examination', 'Patients’ connection', 'Paperwork time', 'Pay', 'Medical liability'],
      },
      {
        kind: 'SINGLE_CHOICE', prompt: 'Quel outil utilisez-vous ?', choices: ['Plateforme de l’hôpital ou de la clinique', 'Plateforme commerciale', 'Visioconférence générale'], otherChoice: 'Autre (précisez)',
        promptEn: 'Which tool do you use?', choicesEn: ['Hospital or clinic platform', 'Commercial platform', 'General video-conferencing'], otherChoiceEn: 'Other (please specify)',
      },
      { kind: 'TEXT', prompt: 'Qu’est-ce qui vous freine ?', promptEn: 'What holds you back?' },
    ],
  },
  {
    status: 'SUBMITTED',
    title: 'Ruptures d’approvisionnement en médicaments',
    description: 'Comment les ruptures de stock touchent-elles vos prescriptions ?',
    specialties: [],
    questions: [
      { kind: 'LIKERT', prompt: 'Les ruptures de stock ont modifié mes prescriptions cette année.', choices: LIKERT_FR },
      { kind: 'NUMBER', prompt: 'Combien de substitutions par mois ?', min: 0, max: 500 },
    ],
  },
  {
    status: 'DRAFT',
    title: 'Hypertension artérielle de l’enfant',
    description: 'Brouillon : dépistage et orientation.',
    specialties: ['pediatrics', 'cardiology'],
    questions: [{ kind: 'SINGLE_CHOICE', prompt: 'Mesurez-vous la tension des enfants de plus de 3 ans ?', choices: ['Toujours', 'Parfois', 'Jamais'] }],
  },
];

async function createDemoSurveys(db: Db, surveyKeySecret: string, k: number, adminId: string | null) {
  const client = await db.account.findFirstOrThrow({ where: { role: 'CLIENT', organizationId: { not: null } } });
  for (const [i, survey] of DEMO_SURVEYS.entries()) {
    const at = new Date(Date.now() - (DEMO_SURVEYS.length - i) * 3_600_000);
    const key = survey.status === 'OPEN' ? await generateSurveyKey(surveyKeySecret) : null;
    const created = await db.survey.create({
      data: {
        organizationId: client.organizationId!, createdById: client.id, status: survey.status, title: survey.title, description: survey.description,
        language: 'fr', titleTranslation: survey.titleEn ?? null, descriptionTranslation: survey.descriptionEn ?? null,
        sampleSize: 150, honorariumCents: 2500, closesAt: new Date(Date.now() + 30 * 86_400_000), createdAt: at,
        targetSpecialties: survey.specialties, targetCountries: ['FR'], targetRegions: [], minYearsInPractice: null,
        submittedAt: survey.status === 'DRAFT' ? null : at, openedAt: key ? at : null,
        receiptPublicKey: key?.publicKey ?? null, receiptSealedKey: key?.sealedPrivateKey ?? null,
        questions: {
          create: survey.questions.map((q, position) => ({
            position, kind: q.kind, prompt: q.prompt, min: q.min ?? null, max: q.max ?? null, showIf: conditionJson(q.showIf), promptTranslation: q.promptEn ?? null, ...kindColumns(q),
            choices: { create: choiceRows({ ...q, choiceTranslations: q.choicesEn, itemTranslations: q.itemsEn, otherChoiceTranslation: q.otherChoiceEn }, 'fr', survey.titleEn !== undefined) },
          })),
        },
        quotas: { create: (survey.quotas ?? []).map((q, position) => ({ position, specialty: q.specialty ?? null, country: q.country ?? null, yearsBand: q.yearsBand ?? null, maxAnswers: q.maxAnswers })) },
      },
    });
    // The eligibility keys its approval would have made, from the physicians eligible now.
    if (key) await ensureSurveyKeys(db, surveyKeySecret, created, k);
    if (key && adminId) await db.auditEntry.create({ data: { actorId: adminId, action: 'survey.approve', targetType: 'survey', targetId: created.id } });
  }
}

/** Loads the demo accounts when the database has none; returns the lines to print, or null. */
/** What the demo reports need of the environment (the defaults unless given). */
const DEMO_REPORT_SETTINGS = { REPORT_BASE_FEE_CENTS: 150_000, REPORT_FEE_PER_RESPONDENT_CENTS: 500, REPORT_K: 11, SURVEY_GRACE_HOURS: 48 };

export async function seedDemo(
  db: Db, pseudonymSecret: string, databaseUrl: string, surveyKeySecret: string,
  reportSettings: typeof DEMO_REPORT_SETTINGS & { FACTOR_KEY_SECRET?: string } = DEMO_REPORT_SETTINGS,
  storage: Storage = createStorage(parseEnv()),
  reportBuilds: ReportBuilds = noReportBuilds,
): Promise<string[] | null> {
  if ((await db.account.count()) > 0) return null;
  const imported = [];
  for (const { registry, file } of DEMO_REGISTRY_FILES) {
    const result = await importRegistryFile(databaseUrl, { registry, file });
    imported.push(`${registry} sample extract: ${result.kept} entries`);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let adminId: string | null = null;
  for (const account of DEMO_ACCOUNTS) {
    await createDemoAccount(db, account, passwordHash, pseudonymSecret, adminId);
    if (account.role === 'ADMIN') {
      // Every demo staff member signs in with the same printed TOTP secret; the first admin is the demo's owner.
      const id = (await db.account.findUniqueOrThrow({ where: { email: account.email } })).id;
      adminId ??= id;
      await enrolTotpDirectly(db, reportSettings.FACTOR_KEY_SECRET ?? parseEnv().FACTOR_KEY_SECRET, id, DEMO_ADMIN_TOTP_SECRET);
    }
  }
  await createDemoSurveys(db, surveyKeySecret, reportSettings.REPORT_K, adminId);
  const open = await db.survey.findFirstOrThrow({ where: { status: 'OPEN', title: DEMO_SURVEYS[0]!.title } });
  const resume = await seedDemoResume(db, surveyKeySecret, 'dr.dubois@demo.consilium.test', open.id);
  const idOf = async (email: string) => (await db.account.findUniqueOrThrow({ where: { email } })).id;
  const discussion = await seedDiscussionDemo(db, pseudonymSecret, storage, {
    martin: await idOf('dr.martin@demo.consilium.test'), dubois: await idOf('dr.dubois@demo.consilium.test'),
  });
  const reports = await seedDemoReports(db, reportSettings, adminId, reportBuilds);
  const waves = await seedDemoWaves(db, reportSettings, adminId, reportBuilds);
  const honoraria = await seedDemoHonoraria(db, 'dr.martin@demo.consilium.test');
  const sessions = await seedDemoSessions(db, 'dr.martin@demo.consilium.test', 24 * 30);
  const passkeys = await seedDemoPasskeys(db, 'dr.martin@demo.consilium.test');
  const accessTokens = await seedDemoAccessTokens(db, 'etudes@sante-publique.demo.consilium.test');
  const reverification = await seedDemoReverification(db, 'dr.dubois@demo.consilium.test', adminId);
  return [
    ...imported,
    discussion,
    ...reports.map((line) => `Demo reports: ${line}`),
    waves,
    `Demo surveys: ${resume}`,
    honoraria,
    sessions,
    passkeys,
    accessTokens,
    reverification,
    `Demo surveys: ${DEMO_SURVEYS.map((survey) => `${survey.status.toLowerCase()} « ${survey.title} »`).join(', ')}`,
    `Demo logins (password for all: ${DEMO_PASSWORD}):`,
    ...DEMO_ACCOUNTS.map((a) => `  ${a.label.padEnd(20)} ${a.email}${a.emailUnconfirmed ? ' (registered, e-mail not confirmed: only the account page opens until the link mailed to the development inbox is followed)' : ''}${a.staffRoles ? ` — staff roles: ${a.staffRoles.join(', ')}` : ''}`),
    `Demo admin's second factor (TOTP secret ${DEMO_ADMIN_TOTP_SECRET}): a code with \`pnpm cli totp:code --secret ${DEMO_ADMIN_TOTP_SECRET}\`, or add the secret to any authenticator app`,
  ];
}
