import { PageInfoFields, SpecialtyFields } from './fragments.ts';
import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

/** A post's author as every reader sees them: the pseudonym and its verified badge. */
export const AuthorFields = graphql(`
  fragment AuthorFields on Pseudonym {
    id
    handle
    specialty
    country
  }
`);

export type Author = ResultOf<typeof AuthorFields>;

const ThreadSummaryFields = graphql(
  `
    fragment ThreadSummaryFields on Thread {
      id
      room
      title
      excerpt
      editedAt
      bookmarked
      tags
      author {
        ...AuthorFields
      }
      createdAt
      lastActivityAt
      score
      myVote
      replyCount
      hidden
      poll {
        id
      }
      attachments {
        id
      }
    }
  `,
  [AuthorFields],
);

export type ThreadSummary = ResultOf<typeof ThreadSummaryFields>;

const ThreadPageFields = graphql(
  `
    fragment ThreadPageFields on ThreadConnection {
      edges {
        cursor
        node {
          ...ThreadSummaryFields
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  `,
  [ThreadSummaryFields, PageInfoFields],
);

/** The feed, with what its filters offer: the rooms, their labels and the most used tags. */
export const FeedQuery = graphql(
  `
    query Feed($room: String, $tag: String, $after: String, $bookmarked: Boolean) {
      feed(room: $room, tag: $tag, first: 20, after: $after, bookmarked: $bookmarked) {
        ...ThreadPageFields
      }
      rooms
      tags(room: $room) {
        tag
        count
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [ThreadPageFields, SpecialtyFields],
);

export const SearchQuery = graphql(
  `
    query Search($query: String!, $after: String) {
      search(query: $query, first: 20, after: $after) {
        ...ThreadPageFields
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [ThreadPageFields, SpecialtyFields],
);

/** The viewer's bookmarks: their private list, most recently active first. */
export const BookmarksQuery = graphql(
  `
    query Bookmarks($after: String) {
      feed(bookmarked: true, first: 20, after: $after) {
        ...ThreadPageFields
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [ThreadPageFields, SpecialtyFields],
);

/** The composer's choices: the rooms and the specialty labels that name them. */
export const ComposerQuery = graphql(
  `
    query Composer {
      rooms
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [SpecialtyFields],
);

export const PollFields = graphql(`
  fragment PollFields on Poll {
    id
    question
    totalVotes
    myVote
    options {
      id
      label
      votes
    }
  }
`);

export type Poll = ResultOf<typeof PollFields>;

export const ReplyFields = graphql(
  `
    fragment ReplyFields on Post {
      id
      threadId
      parentId
      body
      author {
        ...AuthorFields
      }
      createdAt
      editedAt
      mine
      score
      myVote
      hidden
    }
  `,
  [AuthorFields],
);

export type Reply = ResultOf<typeof ReplyFields>;

export const ThreadQuery = graphql(
  `
    query Thread($id: ID!, $after: String) {
      thread(id: $id) {
        id
        room
        title
        body
        tags
        author {
          ...AuthorFields
        }
        createdAt
        lastActivityAt
        editedAt
        mine
        bookmarked
        score
        myVote
        hidden
        replyCount
        imageAttestation
        attachments {
          id
          url
          mimeType
          width
          height
        }
        poll {
          ...PollFields
        }
        replies(first: 20, after: $after) {
          edges {
            node {
              ...ReplyFields
            }
          }
          pageInfo {
            ...PageInfoFields
          }
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [AuthorFields, PollFields, ReplyFields, PageInfoFields, SpecialtyFields],
);

export type ThreadInput = VariablesOf<typeof CreateThreadMutation>['input'];

export const CreateThreadMutation = graphql(`
  mutation CreateThread($input: ThreadInput!) {
    createThread(input: $input) {
      id
    }
  }
`);

export const ReplyMutation = graphql(`
  mutation Reply($input: ReplyInput!) {
    reply(input: $input) {
      id
    }
  }
`);

export const EditPostMutation = graphql(`
  mutation EditPost($postId: ID!, $body: String!) {
    editPost(postId: $postId, body: $body) {
      id
    }
  }
`);

export const SetBookmarkMutation = graphql(`
  mutation SetBookmark($threadId: ID!, $bookmarked: Boolean!) {
    setBookmark(threadId: $threadId, bookmarked: $bookmarked)
  }
`);

/** A post's versions, oldest first, with the thread's title for the page's heading. */
export const PostHistoryQuery = graphql(
  `
    query PostHistory($postId: ID!, $threadId: ID!) {
      postHistory(postId: $postId) {
        threadId
        author {
          ...AuthorFields
        }
        revisions {
          body
          writtenAt
        }
      }
      thread(id: $threadId) {
        id
        title
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [AuthorFields, SpecialtyFields],
);

export const VoteMutation = graphql(`
  mutation Vote($postId: ID!, $value: Int!) {
    vote(postId: $postId, value: $value)
  }
`);

export const VotePollMutation = graphql(
  `
    mutation VotePoll($pollId: ID!, $optionId: ID!) {
      votePoll(pollId: $pollId, optionId: $optionId) {
        ...PollFields
      }
    }
  `,
  [PollFields],
);

export const ReportPostMutation = graphql(`
  mutation ReportPost($postId: ID!, $reason: String!) {
    reportPost(postId: $postId, reason: $reason)
  }
`);

export const NotificationsQuery = graphql(
  `
    query Notifications($after: String, $unreadOnly: Boolean) {
      notifications(first: 20, after: $after, unreadOnly: $unreadOnly) {
        edges {
          cursor
          node {
            id
            kind
            threadId
            postId
            threadTitle
            excerpt
            from {
              ...AuthorFields
            }
            createdAt
            read
          }
        }
        pageInfo {
          ...PageInfoFields
        }
        unreadCount
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [AuthorFields, PageInfoFields, SpecialtyFields],
);

export type Notification = ResultOf<typeof NotificationsQuery>['notifications']['edges'][number]['node'];

/** Only the count, for the navigation's badge: one edge at most comes back with it. */
export const UnreadCountQuery = graphql(`
  query UnreadCount {
    notifications(first: 1, unreadOnly: true) {
      unreadCount
    }
    unreadMessageCount
  }
`);

export const MarkNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);

/** What opening a thread does: its notifications are read. */
export const MarkThreadReadMutation = graphql(`
  mutation MarkThreadRead($threadId: ID!) {
    markNotificationsRead(threadId: $threadId)
  }
`);

export const ModerationQueueQuery = graphql(
  `
    query ModerationQueue($after: String, $includeResolved: Boolean) {
      moderationQueue(first: 20, after: $after, includeResolved: $includeResolved) {
        edges {
          cursor
          node {
            post {
              id
              threadId
              body
              hidden
              createdAt
            }
            threadTitle
            isThread
            author {
              ...AuthorFields
            }
            authorSuspended
            reportCount
            reports {
              reason
              createdAt
            }
            lastReportedAt
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
  [AuthorFields, PageInfoFields, SpecialtyFields],
);

export type ModerationItem = ResultOf<typeof ModerationQueueQuery>['moderationQueue']['edges'][number]['node'];

export const ModeratePostMutation = graphql(`
  mutation ModeratePost($postId: ID!, $action: ModerationAction!, $reason: String!) {
    moderatePost(postId: $postId, action: $action, reason: $reason) {
      id
      hidden
    }
  }
`);

export const SuspendPseudonymMutation = graphql(`
  mutation SuspendPseudonym($pseudonymId: ID!, $reason: String!) {
    suspendPseudonym(pseudonymId: $pseudonymId, reason: $reason) {
      id
      handle
    }
  }
`);

export const UnsuspendPseudonymMutation = graphql(`
  mutation UnsuspendPseudonym($pseudonymId: ID!, $reason: String!) {
    unsuspendPseudonym(pseudonymId: $pseudonymId, reason: $reason) {
      id
      handle
    }
  }
`);
