import { graphql } from './graphql.ts';

/** The client's personal access tokens (docs/access-tokens.md), for the Access tokens page. */
export const MyAccessTokensQuery = graphql(`
  query MyAccessTokens {
    myAccessTokens {
      id
      name
      prefix
      scopes
      createdAt
      lastUsedAt
      expiresAt
      revokedAt
    }
  }
`);

/** The token comes back this once. */
export const CreateAccessTokenMutation = graphql(`
  mutation CreateAccessToken($input: CreateAccessTokenInput!) {
    createAccessToken(input: $input) {
      token
      accessToken {
        id
        name
      }
    }
  }
`);

export const RevokeAccessTokenMutation = graphql(`
  mutation RevokeAccessToken($id: ID!) {
    revokeAccessToken(id: $id) {
      id
      name
    }
  }
`);
