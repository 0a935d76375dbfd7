import { graphql, type ResultOf } from './graphql.ts';

const StaffMemberFields = graphql(`
  fragment StaffMemberFields on StaffMember {
    id
    email
    roles
  }
`);

export const StaffMembersQuery = graphql(
  `
    query StaffMembers {
      staffMembers {
        ...StaffMemberFields
      }
    }
  `,
  [StaffMemberFields],
);

export type StaffMember = ResultOf<typeof StaffMembersQuery>['staffMembers'][number];

export const GrantStaffRoleMutation = graphql(
  `
    mutation GrantStaffRole($accountId: ID!, $role: StaffRole!, $reason: String!) {
      grantStaffRole(accountId: $accountId, role: $role, reason: $reason) {
        ...StaffMemberFields
      }
    }
  `,
  [StaffMemberFields],
);

export const WithdrawStaffRoleMutation = graphql(
  `
    mutation WithdrawStaffRole($accountId: ID!, $role: StaffRole!, $reason: String!) {
      withdrawStaffRole(accountId: $accountId, role: $role, reason: $reason) {
        ...StaffMemberFields
      }
    }
  `,
  [StaffMemberFields],
);
