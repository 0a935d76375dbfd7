/** Plausible names and places for generated extracts (common ones, as the registries spell them). */

export const FRENCH_LAST_NAMES = [
  'MARTIN', 'BERNARD', 'DUBOIS', 'THOMAS', 'ROBERT', 'RICHARD', 'PETIT', 'DURAND', 'LEROY', 'MOREAU',
  'SIMON', 'LAURENT', 'LEFEBVRE', 'MICHEL', 'GARCIA', 'DAVID', 'BERTRAND', 'ROUX', 'VINCENT', 'FOURNIER',
  'MOREL', 'GIRARD', 'ANDRE', 'LEFEVRE', 'MERCIER', 'DUPONT', 'LAMBERT', 'BONNET', 'FRANCOIS', 'MARTINEZ',
  'LEGRAND', 'GARNIER', 'FAURE', 'ROUSSEAU', 'BLANC', 'GUERIN', 'MULLER', 'HENRY', 'ROUSSEL', 'NICOLAS',
  'PERRIN', 'MORIN', 'MATHIEU', 'CLEMENT', 'GAUTHIER', 'DUMONT', 'LOPEZ', 'FONTAINE', 'CHEVALIER', 'ROBIN',
  'LE GALL', "N'DIAYE", "D'ALMEIDA", 'NGUYEN', 'BENALI', 'HADDAD', 'BOYER', 'GERARD', 'BRUN', 'COLIN',
] as const;

export const FRENCH_FIRST_NAMES = [
  'Claire', 'Julien', 'Sophie', 'Camille', 'Léa', 'Hélène', 'Jérôme', 'François', 'Anaïs', 'Zoé',
  'Chloé', 'Émilie', 'Nicolas', 'Thomas', 'Marie', 'Pierre', 'Jean-Baptiste', 'Anne-Sophie', 'Mathieu', 'Céline',
  'Isabelle', 'Laurent', 'Nathalie', 'Stéphane', 'Sandrine', 'Olivier', 'Aurélie', 'Sébastien', 'Élodie', 'Karim',
  'Yasmine', 'Mehdi', 'Inès', 'Hugo', 'Manon', 'Lucas', 'Pauline', 'Antoine', 'Margaux', 'Benoît',
] as const;

export const FRENCH_TOWNS = [
  ['75011', 'Paris'], ['75015', 'Paris'], ['69003', 'Lyon'], ['13005', 'Marseille'], ['31000', 'Toulouse'],
  ['44000', 'Nantes'], ['59000', 'Lille'], ['33000', 'Bordeaux'], ['67000', 'Strasbourg'], ['35000', 'Rennes'],
  ['34000', 'Montpellier'], ['06000', 'Nice'], ['21000', 'Dijon'], ['63000', 'Clermont-Ferrand'], ['97400', 'Saint-Denis'],
] as const;

export const US_LAST_NAMES = [
  'SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'GARCIA', 'MILLER', 'DAVIS', 'RODRIGUEZ', 'MARTINEZ',
  'HERNANDEZ', 'LOPEZ', 'GONZALEZ', 'WILSON', 'ANDERSON', 'THOMAS', 'TAYLOR', 'MOORE', 'JACKSON', 'MARTIN',
  'LEE', 'PEREZ', 'THOMPSON', 'WHITE', 'HARRIS', 'SANCHEZ', 'CLARK', 'RAMIREZ', 'LEWIS', 'ROBINSON',
  "O'BRIEN", 'NGUYEN', 'PATEL', 'KIM', 'CHEN', 'SHAH', 'COHEN', 'MURPHY', 'SULLIVAN', 'VAN DYKE',
] as const;

export const US_FIRST_NAMES = [
  'JOHN', 'MARY', 'JAMES', 'PATRICIA', 'ROBERT', 'JENNIFER', 'MICHAEL', 'LINDA', 'DAVID', 'ELIZABETH',
  'WILLIAM', 'SUSAN', 'RICHARD', 'JESSICA', 'JOSEPH', 'SARAH', 'PRIYA', 'WEI', 'ANA', 'MOHAMMED',
  'EMILY', 'DANIEL', 'LAURA', 'KEVIN', 'RACHEL', 'BRIAN', 'NICOLE', 'ANDREW', 'MEGAN', 'STEVEN',
] as const;

export const US_PLACES = [
  ['BOSTON', 'MA', '021155819'], ['NEW YORK', 'NY', '100161234'], ['CHICAGO', 'IL', '606113008'],
  ['HOUSTON', 'TX', '770302703'], ['PHOENIX', 'AZ', '850062612'], ['PHILADELPHIA', 'PA', '191044283'],
  ['SAN DIEGO', 'CA', '921034000'], ['SEATTLE', 'WA', '981044003'], ['DENVER', 'CO', '802181125'],
  ['ATLANTA', 'GA', '303081402'], ['MIAMI', 'FL', '331361096'], ['MINNEAPOLIS', 'MN', '554550341'],
] as const;

export const US_STREETS = ['MAIN ST', 'OAK AVE', 'MEDICAL CENTER DR', 'PARK BLVD', 'WASHINGTON ST', 'ELM ST', 'HOSPITAL RD'] as const;
