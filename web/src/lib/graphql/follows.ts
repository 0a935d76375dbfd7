import { graphql } from './graphql.ts';

/** The preferences page: how often mails come, and every follow with its level. */
export const NotificationSettingsQuery = graphql(`
  query NotificationSettings {
    myMailFrequency
    myFollows {
      targetKind
      target
      level
      label
      question
    }
  }
`);

export const FollowLevelQuery = graphql(`
  query FollowLevel($targetKind: FollowTargetKind!, $target: String!) {
    followLevel(targetKind: $targetKind, target: $target)
  }
`);

export const SetFollowMutation = graphql(`
  mutation SetFollow($targetKind: FollowTargetKind!, $target: String!, $level: FollowLevel!) {
    setFollow(targetKind: $targetKind, target: $target, level: $level)
  }
`);

export const SetMailFrequencyMutation = graphql(`
  mutation SetMailFrequency($frequency: MailFrequency!) {
    setMailFrequency(frequency: $frequency)
  }
`);

export const UnsubscribeMailMutation = graphql(`
  mutation UnsubscribeMail($token: String!) {
    unsubscribeMail(token: $token)
  }
`);
