/**
 * Generated RPPS extracts: the real header names in their real order (a subset of the ~56
 * columns), `|` after every field, one line per person and activity.
 */
import { makeLicenseNumber } from '../licence.ts';
import { FRENCH_FIRST_NAMES, FRENCH_LAST_NAMES, FRENCH_TOWNS } from './names.ts';
import type { Random } from './random.ts';

export const RPPS_GENERATED_COLUMNS = [
  "Type d'identifiant PP", 'Identifiant PP', 'Identification nationale PP', "Code civilité d'exercice",
  "Libellé civilité d'exercice", "Nom d'exercice", "Prénom d'exercice", 'Code profession', 'Libellé profession',
  'Code catégorie professionnelle', 'Libellé catégorie professionnelle', 'Code type savoir-faire',
  'Libellé type savoir-faire', 'Code savoir-faire', 'Libellé savoir-faire', 'Code mode exercice',
  'Libellé mode exercice', 'Numéro SIRET site', 'Raison sociale site', 'Code postal (coord. structure)',
  'Libellé commune (coord. structure)',
] as const;

type Pair = readonly [code: string, label: string];

/** « Savoir-faire » of physicians, with weights: most map to our specialties, the last few do not. */
const SAVOIR_FAIRE: ReadonlyArray<readonly [Pair, number]> = [
  [['SM54', 'Médecine générale'], 30], [['SM53', 'Spécialiste en médecine générale'], 5],
  [['SM26', 'Qualifié en médecine générale'], 3], [['SM02', 'Anesthésie-réanimation'], 4],
  [['SM04', 'Cardiologie et maladies vasculaires'], 4], [['SM05', 'Chirurgie générale'], 2],
  [['SM08', 'Chirurgie orthopédique et traumatologie'], 2], [['SM12', 'Chirurgie urologique'], 1],
  [['SM15', 'Dermatologie et vénéréologie'], 2], [['SM16', 'Endocrinologie et métabolisme'], 1],
  [['SM18', 'Gériatrie'], 2], [['SM19', 'Gynécologie médicale'], 1], [['SM20', 'Gynécologie-obstétrique'], 2],
  [['SM21', 'Hématologie'], 1], [['SM24', 'Gastro-entérologie et hépatologie'], 2], [['SM25', 'Médecine interne'], 2],
  [['SM28', 'Néphrologie'], 1], [['SM30', 'Neurologie'], 2], [['SM33', 'Oncologie option médicale'], 1],
  [['SM38', 'Ophtalmologie'], 2], [['SM39', 'Oto-rhino-laryngologie et chirurgie cervico-faciale'], 1],
  [['SM40', 'Pédiatrie'], 3], [['SM41', 'Pneumologie'], 1], [['SM42', 'Psychiatrie'], 3],
  [['SM44', 'Radio-diagnostic et imagerie médicale'], 3], [['SM47', 'Rhumatologie'], 1],
  [['SM48', 'Santé publique et médecine sociale'], 1], [['SM59', "Médecine d'urgence"], 2],
  [['SM60', 'Allergologie'], 1], [['SM62', 'Maladies infectieuses et tropicales'], 1],
  [['SM01', 'Anatomie et cytologie pathologiques'], 1], [['SM03', 'Biologie médicale'], 1],
  [['SM27', 'Médecine physique et de réadaptation'], 1], [['SM29', 'Neuro-chirurgie'], 1],
];

const PHYSICIAN: Pair = ['10', 'Médecin'];
const OTHER_PROFESSIONS: ReadonlyArray<readonly [Pair, number]> = [
  [['40', 'Chirurgien-Dentiste'], 4], [['21', 'Pharmacien'], 4], [['60', 'Infirmier'], 3],
  [['50', 'Sage-Femme'], 2], [['70', 'Masseur-Kinésithérapeute'], 2],
];
const MODES: ReadonlyArray<readonly [Pair, number]> = [[['L', 'Libéral,indépendant,artisan,commerçant'], 5], [['S', 'Salarié'], 4], [['B', 'Bénévole'], 1]];
const CATEGORIES: ReadonlyArray<readonly [Pair, number]> = [[['C', 'Civil'], 97], [['M', 'Militaire'], 2], [['E', 'Etudiant'], 1]];

interface Person {
  id: string;
  lastName: string;
  firstName: string;
  profession: Pair;
  specialty: Pair | null;
}

/** People tests and demo data rely on: the first lines of every generated RPPS extract. */
export const RPPS_REFERENCE_PEOPLE = [
  { seed: 1, firstName: 'Claire', lastName: 'MARTIN', specialty: ['SM04', 'Cardiologie et maladies vasculaires'], rows: 2 },
  { seed: 2, firstName: 'Julien', lastName: 'BERNARD', specialty: ['SM54', 'Médecine générale'], rows: 1 },
  { seed: 3, firstName: 'Sophie', lastName: 'DUBOIS', specialty: ['SM40', 'Pédiatrie'], rows: 2 },
] as const;

function line(person: Person, random: Random): string {
  const mode = random.weighted(MODES);
  const category = random.weighted(CATEGORIES);
  const [postcode, town] = random.pick(FRENCH_TOWNS);
  const doctor = person.profession[0] === '10' || person.profession[0] === '40';
  const title: Pair = doctor ? (random.next() < 0.04 ? ['PR', 'Professeur'] : ['DR', 'Docteur']) : ['', ''];
  const site = mode[0] === 'L' ? `CABINET ${person.lastName}` : random.pick(['CENTRE HOSPITALIER', 'CHU', 'CLINIQUE DU PARC', 'CENTRE DE SANTE']);
  const type: Pair = person.specialty ? ['S', 'Spécialité ordinale'] : ['', ''];
  const [spCode, spLabel] = person.specialty ?? ['', ''];
  return `8|${person.id}|8${person.id}|${title[0]}|${title[1]}|${person.lastName}|${person.firstName}|${person.profession[0]}|${
    person.profession[1]
  }|${category[0]}|${category[1]}|${type[0]}|${type[1]}|${spCode}|${spLabel}|${mode[0]}|${mode[1]}|${random.digits(14)}|${site}${
    mode[0] === 'L' ? '' : ` ${town.toUpperCase()}`
  }|${postcode}|${town}|\n`;
}

function randomPerson(seed: number, random: Random): Person {
  const physician = random.next() < 0.85;
  const profession = physician ? PHYSICIAN : random.weighted(OTHER_PROFESSIONS);
  let specialty: Pair | null = null;
  if (physician) specialty = random.next() < 0.02 ? null : random.weighted(SAVOIR_FAIRE);
  else if (profession[0] === '40' && random.next() < 0.3) specialty = ['SCD01', 'Orthopédie dento-faciale'];
  return { id: makeLicenseNumber('RPPS', seed), lastName: random.pick(FRENCH_LAST_NAMES), firstName: random.pick(FRENCH_FIRST_NAMES), profession, specialty };
}

/** `rows` lines after the header; a person's activities may be cut by the end. */
export function* rppsLines(rows: number, random: Random): Generator<string> {
  yield `${RPPS_GENERATED_COLUMNS.join('|')}|\n`;
  let left = rows;
  for (const ref of RPPS_REFERENCE_PEOPLE) {
    const person: Person = { id: makeLicenseNumber('RPPS', ref.seed), ...ref, profession: PHYSICIAN };
    for (let i = 0; i < ref.rows && left > 0; i++, left--) yield line(person, random);
  }
  for (let seed = 100; left > 0; seed++) {
    const person = randomPerson(seed, random);
    const activities = random.weighted([[1, 65], [2, 25], [3, 10]] as const);
    for (let i = 0; i < activities && left > 0; i++, left--) {
      // Now and then a second activity comes with a second « savoir-faire ».
      const other = i > 0 && person.profession === PHYSICIAN && random.next() < 0.15;
      yield line(other ? { ...person, specialty: random.weighted(SAVOIR_FAIRE) } : person, random);
    }
  }
}
