/** Web push (#16): the account's subscribed browsers, for the notification preferences page. */
import { graphql } from './graphql.ts';

export const PushDevicesQuery = graphql(`
  query PushDevices {
    pushPublicKey
    myPushDevices {
      id
      device
      endpoint
      createdAt
    }
  }
`);

export const SubscribePushMutation = graphql(`
  mutation SubscribePush($input: PushSubscriptionInput!) {
    subscribePush(input: $input) {
      id
    }
  }
`);

export const UnsubscribePushMutation = graphql(`
  mutation UnsubscribePush($endpoint: String, $id: ID) {
    unsubscribePush(endpoint: $endpoint, id: $id)
  }
`);
