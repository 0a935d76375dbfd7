import { graphql } from './graphql.ts';

/** The member's signed-in devices, for the account page. */
export const MySessionsQuery = graphql(`
  query MySessions {
    mySessions {
      id
      device
      openedOn
      lastUsedOn
      current
    }
  }
`);

export const EndSessionMutation = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`);

export const LogoutEverywhereMutation = graphql(`
  mutation LogoutEverywhere {
    logoutEverywhere
  }
`);

export const ExportMyDataQuery = graphql(`
  query ExportMyData {
    exportMyData
  }
`);

export const DeleteMyAccountMutation = graphql(`
  mutation DeleteMyAccount($password: String!) {
    deleteMyAccount(password: $password)
  }
`);
