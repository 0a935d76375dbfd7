import { graphql, type ResultOf } from './graphql.ts';

export const AccountFields = graphql(`
  fragment AccountFields on Account {
    id
    email
    emailConfirmed
    role
    verificationStatus
    staffRoles
    signedInWithSecondFactor
    organization {
      name
      type
    }
  }
`);

/** The signed-in account as the pages use it. */
export type Viewer = ResultOf<typeof AccountFields>;
export type Role = Viewer['role'];
export type VerificationStatus = Viewer['verificationStatus'];
export type StaffRole = Viewer['staffRoles'][number];

export const MeQuery = graphql(
  `
    query Me {
      me {
        ...AccountFields
      }
    }
  `,
  [AccountFields],
);

const AuthPayloadFields = graphql(
  `
    fragment AuthPayloadFields on AuthPayload {
      token
      expiresAt
      account {
        ...AccountFields
      }
    }
  `,
  [AccountFields],
);

export type AuthPayload = ResultOf<typeof AuthPayloadFields>;

export const LoginMutation = graphql(
  `
    mutation Login($email: String!, $password: String!, $secondFactor: String) {
      login(email: $email, password: $password, secondFactor: $secondFactor) {
        ...AuthPayloadFields
      }
    }
  `,
  [AuthPayloadFields],
);

export const RegisterMutation = graphql(
  `
    mutation Register($input: RegisterInput!) {
      register(input: $input) {
        ...AuthPayloadFields
      }
    }
  `,
  [AuthPayloadFields],
);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout
  }
`);
