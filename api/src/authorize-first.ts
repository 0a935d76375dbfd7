/**
 * A Pothos plugin that validates the arguments of an operation only once its caller is allowed
 * to call it.
 *
 * Pothos applies argument mappers (which is how the validation plugin validates) outside every
 * plugin's resolver wrapper, so scope-auth ran after validation: an anonymous or wrong-role
 * caller with bad arguments got BAD_USER_INPUT naming the field and its rule, learning the
 * operation's rules without being allowed to use it. This plugin takes the mappers of root
 * fields (the operations) out of that outer position and runs them inside its own wrapper,
 * which sits just inside scope-auth's (list it right after ScopeAuthPlugin, before the plugins
 * that add mappers). Nested fields keep the stock order: the Prisma plugin reads their mappers
 * when it plans a nested selection, and they are only reached through an authorized operation.
 */
import SchemaBuilder, { BasePlugin, completeValue, reduceMaybeAsync, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';

const pluginName = 'authorizeFirst';
const DEFERRED = 'consilium/argMappersAfterAuth';
const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

type ArgMappers<Types extends SchemaTypes> = PothosOutputFieldConfig<Types>['argMappers'];

export class AuthorizeFirstPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (fieldConfig.argMappers.length === 0) return fieldConfig;
    if (!ROOTS.has(this.buildCache.getTypeConfig(fieldConfig.parentType).kind)) return fieldConfig;
    return { ...fieldConfig, argMappers: [], extensions: { ...fieldConfig.extensions, [DEFERRED]: fieldConfig.argMappers } };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const mappers = fieldConfig.extensions?.[DEFERRED] as ArgMappers<Types> | undefined;
    if (!mappers) return resolver;
    return (parent, args, context, info) =>
      completeValue(
        reduceMaybeAsync(mappers, args as Record<string, unknown>, (acc, mapper) => mapper(acc, context, info)),
        (mapped) => resolver(parent, mapped ?? {}, context, info),
      );
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      authorizeFirst: AuthorizeFirstPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin(pluginName, AuthorizeFirstPlugin);

export default pluginName;
