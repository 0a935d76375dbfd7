import { SpecialtyFields } from './fragments.ts';
import { graphql, type ResultOf, type VariablesOf } from './graphql.ts';

/** A question as a physician answers it (and as the builder's preview and reviewers show it). */
export const ConditionFields = graphql(`
  fragment ConditionFields on Condition {
    combine
    rules {
      question
      operator
      choice
      value
      upTo
    }
  }
`);

export const QuestionFields = graphql(`
  fragment QuestionFields on Question {
    id
    kind
    prompt
    min
    max
    choices {
      id
      label
      role
    }
    items {
      id
      label
    }
    rankTop
    shuffleChoices
    showIf {
      ...ConditionFields
    }
    skipIf {
      ...ConditionFields
    }
    skipTo
  }
`, [ConditionFields]);

export type Question = ResultOf<typeof QuestionFields>;
export type QuestionKind = Question['kind'];

/**
 * A survey's texts as stored, in its primary language and in the other (docs/survey-languages.md):
 * what the builder edits and reviewers check — `title`, `prompt`, `label` are in the reader's language.
 */
export const SurveyLanguageFields = graphql(`
  fragment SurveyLanguageFields on Survey {
    language
    translationLanguage
    primaryTitle
    titleTranslation
    primaryDescription
    descriptionTranslation
    # An alias: merged into \`questions\`, the fields would be typed as an intersection of lists.
    questionTexts: questions {
      id
      primaryPrompt
      promptTranslation
      choices {
        id
        primaryLabel
        labelTranslation
      }
      items {
        id
        primaryLabel
        labelTranslation
      }
    }
  }
`);

export type SurveyLanguageTexts = ResultOf<typeof SurveyLanguageFields>;

const TargetingFields = graphql(`
  fragment TargetingFields on Targeting {
    specialties
    countries
    regions
    minYearsInPractice
  }
`);

export type Targeting = ResultOf<typeof TargetingFields>;

// ---------------------------------------------------------------- physicians

/** A survey as the inbox lists it, open to take or opened to resume. */
export const InboxSurveyFields = graphql(`
  fragment InboxSurveyFields on Survey {
    id
    title
    organizationName
    organizationType
    honorariumCents
    closesAt
    questions {
      id
    }
  }
`);

export const SurveyInboxQuery = graphql(
  `
    query SurveyInbox {
      surveyInbox {
        ...InboxSurveyFields
      }
      openedSurveys {
        ...InboxSurveyFields
      }
    }
  `,
  [InboxSurveyFields],
);

export type InboxSurvey = ResultOf<typeof SurveyInboxQuery>['surveyInbox'][number];

/** What the physician's browser needs to take a survey: its questions and the public keys. */
export const TakeSurveyQuery = graphql(
  `
    query TakeSurvey($id: ID!) {
      survey(id: $id) {
        id
        title
        description
        status
        organizationName
        organizationType
        honorariumCents
        closesAt
        textsToClient
        mySegment
        tokenKeys {
          segment
          publicKey
        }
        receiptKey
        openedByMe
        myQuotaFull
        myResume {
          sealedCopy
          blindSignature
        }
        questions {
          ...QuestionFields
        }
      }
    }
  `,
  [QuestionFields],
);

export type TakenSurvey = NonNullable<ResultOf<typeof TakeSurveyQuery>['survey']>;

export const IssueSurveyTokenMutation = graphql(`
  mutation IssueSurveyToken($surveyId: ID!, $blindedMessage: String!, $resumeCopy: String) {
    issueSurveyToken(surveyId: $surveyId, blindedMessage: $blindedMessage, resumeCopy: $resumeCopy) {
      segment
      blindSignature
    }
  }
`);

export const SubmitSurveyResponseMutation = graphql(`
  mutation SubmitSurveyResponse($input: SurveyResponseInput!) {
    submitSurveyResponse(input: $input) {
      receiptBlindSignature
    }
  }
`);

export type SurveyResponseInput = VariablesOf<typeof SubmitSurveyResponseMutation>['input'];
export type AnswerInput = SurveyResponseInput['answers'][number];

export const RedeemSurveyReceiptMutation = graphql(`
  mutation RedeemSurveyReceipt($surveyId: ID!, $receipt: TokenInput!) {
    redeemSurveyReceipt(surveyId: $surveyId, receipt: $receipt) {
      surveyId
      amountCents
      balanceCents
    }
  }
`);

export const HonorariaQuery = graphql(`
  query Honoraria($first: Int!, $after: String) {
    me {
      honorariumBalanceCents
    }
    myHonorariaPage(first: $first, after: $after) {
      edges {
        node {
          id
          amountCents
          createdAt
          surveyId
          surveyTitle
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type HonorariumEntry = ResultOf<typeof HonorariaQuery>['myHonorariaPage']['edges'][number]['node'];

// ---------------------------------------------------------------- clients

export const MySurveysQuery = graphql(`
  query MySurveys($first: Int!, $after: String) {
    mySurveysPage(first: $first, after: $after) {
      edges {
        node {
          id
          title
          status
          sampleSize
          responseCount
          honorariumCents
          closesAt
          createdAt
          reviewReason
          questions {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type ClientSurvey = ResultOf<typeof MySurveysQuery>['mySurveysPage']['edges'][number]['node'];
export type SurveyStatus = ClientSurvey['status'];

/** A survey as its builder edits it, with the specialties its targeting chooses from. */
export const EditSurveyQuery = graphql(
  `
    query EditSurvey($id: ID!) {
      survey(id: $id) {
        id
        title
        description
        status
        sampleSize
        honorariumCents
        closesAt
        textsToClient
        reviewReason
        targeting {
          ...TargetingFields
        }
        questions {
          ...QuestionFields
        }
        ...SurveyLanguageFields
        quotas {
          specialty
          country
          yearsBand
          maxAnswers
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [TargetingFields, QuestionFields, SurveyLanguageFields, SpecialtyFields],
);

export type EditedSurvey = NonNullable<ResultOf<typeof EditSurveyQuery>['survey']>;

export const SpecialtiesQuery = graphql(
  `
    query SurveySpecialties {
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [SpecialtyFields],
);

export const SurveyReachQuery = graphql(`
  query SurveyReach($targeting: TargetingInput!) {
    surveyReach(targeting: $targeting) {
      verifiedPhysicians
      enough
    }
  }
`);

export type TargetingInput = VariablesOf<typeof SurveyReachQuery>['targeting'];
export type Reach = ResultOf<typeof SurveyReachQuery>['surveyReach'];

export const CreateSurveyMutation = graphql(`
  mutation CreateSurvey($input: SurveyInput!) {
    createSurvey(input: $input) {
      id
      status
    }
  }
`);

export type SurveyInput = VariablesOf<typeof CreateSurveyMutation>['input'];
export type QuestionInput = SurveyInput['questions'][number];

export const UpdateSurveyMutation = graphql(`
  mutation UpdateSurvey($id: ID!, $input: SurveyInput!) {
    updateSurvey(id: $id, input: $input) {
      id
      status
    }
  }
`);

export const SubmitSurveyMutation = graphql(`
  mutation SubmitSurvey($id: ID!) {
    submitSurvey(id: $id) {
      id
      title
      status
    }
  }
`);

// ---------------------------------------------------------------- admins

export const SurveysForReviewQuery = graphql(
  `
    query SurveysForReview($first: Int!, $after: String) {
      surveysForReviewPage(first: $first, after: $after) {
        edges {
          node {
            id
            title
            description
            organizationName
            sampleSize
            honorariumCents
            closesAt
            createdAt
            targeting {
              ...TargetingFields
            }
            questions {
              ...QuestionFields
            }
            ...SurveyLanguageFields
            quotas {
              cell
              specialty
              country
              yearsBand
              maxAnswers
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      specialties {
        ...SpecialtyFields
      }
    }
  `,
  [TargetingFields, QuestionFields, SurveyLanguageFields, SpecialtyFields],
);

export type ReviewedSurvey = ResultOf<typeof SurveysForReviewQuery>['surveysForReviewPage']['edges'][number]['node'];

export const ReviewSurveyMutation = graphql(`
  mutation ReviewSurvey($id: ID!, $approve: Boolean!, $reason: String) {
    reviewSurvey(id: $id, approve: $approve, reason: $reason) {
      id
      title
      status
    }
  }
`);
