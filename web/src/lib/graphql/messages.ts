/** Private messages between pseudonyms: the inbox, a conversation and its actions. */
import { AuthorFields } from './discussion.ts';
import { PageInfoFields, SpecialtyFields } from './fragments.ts';
import { graphql, type ResultOf } from './graphql.ts';

export const ConversationsQuery = graphql(
  `
    query Conversations($after: String) {
      conversations(first: 20, after: $after) {
        edges {
          cursor
          node {
            id
            unreadCount
            members {
              ...AuthorFields
            }
            lastMessage {
              id
              body
              day
              mine
              author {
                handle
              }
            }
          }
        }
        pageInfo {
          ...PageInfoFields
        }
        unreadCount
      }
      me {
        pseudonym {
          id
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [AuthorFields, PageInfoFields, SpecialtyFields],
);

export type ConversationSummary = ResultOf<typeof ConversationsQuery>['conversations']['edges'][number]['node'];

export const ConversationQuery = graphql(
  `
    query Conversation($id: ID!, $after: String) {
      conversation(id: $id) {
        id
        members {
          ...AuthorFields
        }
        blockedMemberIds
        messages(first: 30, after: $after) {
          edges {
            node {
              id
              seq
              body
              day
              mine
              author {
                ...AuthorFields
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
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [AuthorFields, PageInfoFields, SpecialtyFields],
);

export const StartConversationMutation = graphql(`
  mutation StartConversation($input: StartConversationInput!) {
    startConversation(input: $input) {
      id
    }
  }
`);

export const SendMessageMutation = graphql(`
  mutation SendMessage($conversationId: ID!, $body: String!) {
    sendMessage(conversationId: $conversationId, body: $body) {
      id
    }
  }
`);

export const MarkConversationReadMutation = graphql(`
  mutation MarkConversationRead($conversationId: ID!) {
    markConversationRead(conversationId: $conversationId)
  }
`);

export const SetPseudonymBlockedMutation = graphql(`
  mutation SetPseudonymBlocked($pseudonymId: ID!, $blocked: Boolean!) {
    setPseudonymBlocked(pseudonymId: $pseudonymId, blocked: $blocked)
  }
`);

export const ReportMessageMutation = graphql(`
  mutation ReportMessage($messageId: ID!, $reason: String!) {
    reportMessage(messageId: $messageId, reason: $reason)
  }
`);

const ReportedMessageFields = graphql(
  `
    fragment ReportedMessageFields on Message {
      id
      seq
      body
      day
      author {
        ...AuthorFields
      }
    }
  `,
  [AuthorFields],
);

/** Open message reports, for moderators: each message with the two before it, nothing more. */
export const MessageReportsQuery = graphql(
  `
    query MessageReports($after: String) {
      messageReports(first: 10, after: $after) {
        edges {
          node {
            id
            reason
            day
            message {
              ...ReportedMessageFields
            }
            context {
              ...ReportedMessageFields
            }
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
  [ReportedMessageFields, PageInfoFields, SpecialtyFields],
);

export const ResolveMessageReportMutation = graphql(`
  mutation ResolveMessageReport($reportId: ID!, $reason: String!) {
    resolveMessageReport(reportId: $reportId, reason: $reason)
  }
`);
