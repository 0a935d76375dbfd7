import { graphql } from './graphql.ts';

/** Ask a specialist (#16 point 1): the web's operations. */
export const AskComposerQuery = graphql(`
  query AskComposer {
    specialties { code label }
  }
`);

/** The regions a question may be addressed to, each saying whether enough specialists would be notified there. */
export const SpecialistRegionsQuery = graphql(`
  query SpecialistRegions($specialty: String!, $country: String!) {
    specialistRegions(specialty: $specialty, country: $country) { name reachable }
  }
`);

export const AskSpecialistMutation = graphql(`
  mutation AskSpecialist($input: AskSpecialistInput!) {
    askSpecialist(input: $input) { id }
  }
`);

/** What a thread page adds for a question: kept out of ThreadQuery, whose page is read in one statement. */
export const ThreadQuestionQuery = graphql(`
  query ThreadQuestion($id: ID!, $after: String) {
    thread(id: $id) {
      id
      mine
      question { specialty country region urgency status helpfulPostId outcome }
      replies(first: 50, after: $after) { edges { node { id fromAddressedSpecialty } } }
    }
  }
`);

export const MarkHelpfulMutation = graphql(`
  mutation MarkHelpful($threadId: ID!, $postId: ID) {
    markHelpfulAnswer(threadId: $threadId, postId: $postId) { id }
  }
`);

export const SolveQuestionMutation = graphql(`
  mutation SolveQuestion($threadId: ID!, $outcome: String!) {
    solveQuestion(threadId: $threadId, outcome: $outcome) { id }
  }
`);

export const ReopenQuestionMutation = graphql(`
  mutation ReopenQuestion($threadId: ID!) {
    reopenQuestion(threadId: $threadId) { id }
  }
`);

export const SpecialistAvailabilityQuery = graphql(`
  query SpecialistAvailability {
    mySpecialistAvailability { specialty optedIn quietStartHour quietEndHour timeZone }
  }
`);

export const SetSpecialistAvailabilityMutation = graphql(`
  mutation SetSpecialistAvailability($input: SpecialistAvailabilityInput!) {
    setSpecialistAvailability(input: $input) { optedIn }
  }
`);

export const SpecialtyAnswerTimeQuery = graphql(`
  query SpecialtyAnswerTime($specialty: String!) {
    specialtyAnswerTime(specialty: $specialty)
  }
`);

export const QuestionsForMeQuery = graphql(`
  query QuestionsForMe {
    feed(openQuestionsForMySpecialty: true, first: 50) {
      edges { node { id title createdAt replyCount question { specialty country region urgency status } } }
    }
  }
`);
