/** Peer groups (#16 point 2): my groups, a group's page and its actions, joining by code. */
import { AuthorFields } from './discussion.ts';
import { PageInfoFields } from './fragments.ts';
import { graphql, type ResultOf } from './graphql.ts';

export const MyGroupsQuery = graphql(`
  query MyGroups {
    myGroups {
      id
      name
      description
      kind
      myRole
      memberCount
    }
  }
`);

export const GroupQuery = graphql(
  `
    query Group($id: ID!, $after: String) {
      group(id: $id) {
        id
        name
        description
        kind
        myRole
        memberCount
        members {
          role
          mentor
          pseudonym {
            ...AuthorFields
          }
        }
        invites {
          id
          uses
          maxUses
          expiresOn
          revoked
        }
        threads(first: 20, after: $after) {
          edges {
            node {
              id
              title
              excerpt
              replyCount
              lastActivityAt
              author {
                handle
              }
            }
          }
          pageInfo {
            ...PageInfoFields
          }
        }
      }
      me {
        pseudonym {
          id
        }
      }
    }
  `,
  [AuthorFields, PageInfoFields],
);

export type GroupPage = NonNullable<ResultOf<typeof GroupQuery>['group']>;

export const CreateGroupMutation = graphql(`
  mutation CreateGroup($input: GroupInput!) {
    createGroup(input: $input) {
      id
    }
  }
`);

export const CreateGroupInviteMutation = graphql(`
  mutation CreateGroupInvite($groupId: ID!, $maxUses: Int, $expiresOn: String) {
    createGroupInvite(groupId: $groupId, maxUses: $maxUses, expiresOn: $expiresOn) {
      code
    }
  }
`);

export const RevokeGroupInviteMutation = graphql(`
  mutation RevokeGroupInvite($inviteId: ID!) {
    revokeGroupInvite(inviteId: $inviteId)
  }
`);

export const JoinGroupMutation = graphql(`
  mutation JoinGroup($code: String!) {
    joinGroup(code: $code) {
      id
    }
  }
`);

export const LeaveGroupMutation = graphql(`
  mutation LeaveGroup($groupId: ID!) {
    leaveGroup(groupId: $groupId)
  }
`);

export const RemoveGroupMemberMutation = graphql(`
  mutation RemoveGroupMember($groupId: ID!, $pseudonymId: ID!) {
    removeGroupMember(groupId: $groupId, pseudonymId: $pseudonymId)
  }
`);

export const TransferGroupOwnershipMutation = graphql(`
  mutation TransferGroupOwnership($groupId: ID!, $pseudonymId: ID!) {
    transferGroupOwnership(groupId: $groupId, pseudonymId: $pseudonymId) {
      id
    }
  }
`);

export const SetGroupMentorMutation = graphql(`
  mutation SetGroupMentor($groupId: ID!, $pseudonymId: ID!, $mentor: Boolean!) {
    setGroupMentor(groupId: $groupId, pseudonymId: $pseudonymId, mentor: $mentor) {
      id
    }
  }
`);

export const CreateGroupThreadMutation = graphql(`
  mutation CreateGroupThread($input: ThreadInput!) {
    createThread(input: $input) {
      id
    }
  }
`);
