import { graphql } from './graphql.ts';

/** The account's second factor, for its page. */
export const SecondFactorQuery = graphql(`
  query SecondFactor {
    me {
      role
      totpEnabled
      recoveryCodesLeft
      signedInWithSecondFactor
    }
  }
`);

export const StartTotpEnrolmentMutation = graphql(`
  mutation StartTotpEnrolment {
    startTotpEnrolment {
      secret
      uri
      qrCode
    }
  }
`);

export const ConfirmTotpEnrolmentMutation = graphql(`
  mutation ConfirmTotpEnrolment($code: String!) {
    confirmTotpEnrolment(code: $code)
  }
`);

export const RegenerateRecoveryCodesMutation = graphql(`
  mutation RegenerateRecoveryCodes($code: String!) {
    regenerateRecoveryCodes(code: $code)
  }
`);

export const RemoveTotpMutation = graphql(`
  mutation RemoveTotp($password: String!, $code: String!) {
    removeTotp(password: $password, code: $code)
  }
`);

export const StepUpMutation = graphql(`
  mutation StepUp($password: String!, $code: String!) {
    stepUp(password: $password, code: $code)
  }
`);
