import { PageInfoFields, SpecialtyFields } from './fragments.ts';
import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

/** A credential as its holder sees it (no registry evidence: that is for reviewers). */
export const CredentialFields = graphql(`
  fragment CredentialFields on Credential {
    id
    country
    registry
    licenseNumber
    specialty
    region
    practiceStartYear
    status
    reviewReason
    submittedAt
    reverification {
      reason
      requestedAt
    }
    receipt {
      registry
      registryChecked
      registryExtractDate
      decidedAt
      decidedByRole
    }
  }
`);

export type Credential = ResultOf<typeof CredentialFields>;
export type Receipt = Credential['receipt'];

export type Specialty = ResultOf<typeof SpecialtyFields>;

const PseudonymFields = graphql(`
  fragment PseudonymFields on Pseudonym {
    handle
    specialty
    country
  }
`);

export type Pseudonym = ResultOf<typeof PseudonymFields>;

/** The physician's credential page: their credential, the specialty list and their pseudonym. */
export const MyCredentialQuery = graphql(
  `
    query MyCredential {
      myCredential {
        ...CredentialFields
      }
      specialties {
        ...SpecialtyFields
      }
      me {
        pseudonym {
          ...PseudonymFields
        }
      }
    }
  `,
  [CredentialFields, SpecialtyFields, PseudonymFields],
);

/**
 * The verified physician's home: their pseudonym, with the labels its badge needs, and whether
 * their licence is being re-verified (the in-app notice, beside the mail; docs/reverification.md).
 */
export const PhysicianHomeQuery = graphql(
  `
    query PhysicianHome {
      me {
        pseudonym {
          ...PseudonymFields
        }
      }
      myCredential {
        reverification {
          reason
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [PseudonymFields, SpecialtyFields],
);

/** What the holder is told of a re-verification of their licence. */
export type HolderReverification = NonNullable<NonNullable<ResultOf<typeof PhysicianHomeQuery>['myCredential']>['reverification']>;

export const SubmitCredentialMutation = graphql(
  `
    mutation SubmitCredential($input: CredentialInput!) {
      submitCredential(input: $input) {
        ...CredentialFields
      }
    }
  `,
  [CredentialFields],
);

export type CredentialInput = VariablesOf<typeof SubmitCredentialMutation>['input'];

/** A credential as reviewers see it: with what the registry says. */
const ReviewedCredentialFields = graphql(
  `
    fragment ReviewedCredentialFields on Credential {
      ...CredentialFields
      claimedElsewhere
      reverification {
        reason
        requestedAt
        note
        registryNow {
          found
          nameOnRegistry
          specialtyOnRegistry
          extractDate
        }
      }
      registryMatch {
        found
        nameOnRegistry
        specialtyOnRegistry
        agrees
      }
    }
  `,
  [CredentialFields],
);

export type ReviewedCredential = ResultOf<typeof ReviewedCredentialFields>;

export const VerificationQueueQuery = graphql(
  `
    query VerificationQueue($status: VerificationStatus!, $first: Int!, $after: String) {
      verificationQueue(status: $status, first: $first, after: $after) {
        edges {
          node {
            ...ReviewedCredentialFields
          }
        }
        pageInfo {
          ...PageInfoFields
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [ReviewedCredentialFields, SpecialtyFields, PageInfoFields],
);

/** Verified credentials under re-verification, oldest request first. */
export const ReverificationQueueQuery = graphql(
  `
    query ReverificationQueue($first: Int!, $after: String) {
      reverificationQueue(first: $first, after: $after) {
        edges {
          node {
            ...ReviewedCredentialFields
          }
        }
        pageInfo {
          ...PageInfoFields
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [ReviewedCredentialFields, SpecialtyFields, PageInfoFields],
);

const DecisionFields = graphql(`
  fragment DecisionFields on Credential {
    id
    registry
    licenseNumber
    status
  }
`);

export const ReviewCredentialMutation = graphql(
  `
    mutation ReviewCredential($id: ID!, $approve: Boolean!, $reason: String) {
      reviewCredential(id: $id, approve: $approve, reason: $reason) {
        ...DecisionFields
      }
    }
  `,
  [DecisionFields],
);

export const RevokeCredentialMutation = graphql(
  `
    mutation RevokeCredential($id: ID!, $reason: String!) {
      revokeCredential(id: $id, reason: $reason) {
        ...DecisionFields
      }
    }
  `,
  [DecisionFields],
);

export const AuditLogQuery = graphql(
  `
    query AuditLog($first: Int!, $after: String) {
      auditLog(first: $first, after: $after) {
        edges {
          node {
            id
            action
            targetType
            targetId
            reason
            at
            actorId
            actorEmail
          }
        }
        pageInfo {
          ...PageInfoFields
        }
      }
    }
  `,
  [PageInfoFields],
);

export type AuditEntry = ResultOf<typeof AuditLogQuery>['auditLog']['edges'][number]['node'];

export const ConfirmReverificationMutation = graphql(
  `
    mutation ConfirmReverification($id: ID!) {
      confirmReverification(id: $id) {
        ...DecisionFields
      }
    }
  `,
  [DecisionFields],
);

export const RequestReverificationMutation = graphql(
  `
    mutation RequestReverification($id: ID!, $reason: String!) {
      requestReverification(id: $id, reason: $reason) {
        ...DecisionFields
      }
    }
  `,
  [DecisionFields],
);
