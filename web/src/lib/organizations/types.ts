/** The kinds of organisation the API knows, in the order the register form offers them. */
export const ORGANIZATION_TYPES = ['PUBLIC_AGENCY', 'ACADEMIC', 'NONPROFIT', 'INDUSTRY', 'OTHER'] as const;

export type OrganizationType = (typeof ORGANIZATION_TYPES)[number];

export function isOrganizationType(value: string): value is OrganizationType {
  return (ORGANIZATION_TYPES as readonly string[]).includes(value);
}

/** The message key that names `type` ("organizationType.PUBLIC_AGENCY"). */
export function organizationTypeKey(type: OrganizationType): `organizationType.${OrganizationType}` {
  return `organizationType.${type}`;
}
