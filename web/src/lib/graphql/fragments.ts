import { graphql } from './graphql.ts';

/** A specialty's code and its name in the reader's language (the API answers in it). */
export const SpecialtyFields = graphql(`
  fragment SpecialtyFields on Specialty {
    code
    label
  }
`);

/** What a list needs to offer its next page. */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);
