// The real Backstage backend that Greenroom's tests run against: the
// catalog (with an organisation's own processor), scaffolder (with its GitHub and notification actions), notifications,
// search (catalog and TechDocs collators, in the in-memory Lunr engine the search
// backend uses when no other is added), TechDocs, auth and MCP actions plugins of test/backstage/package.json,
// with no backstage-cli. scripts/backstage/backstageServer.mjs runs it with
// the cache folder of those packages as working directory and NODE_PATH, and
// the config given by --config arguments. GREENROOM_BACKSTAGE_MCP_ACTIONS=off
// leaves the MCP actions plugin out: a Backstage that does not serve MCP.
'use strict';

const { createBackend } = require('@backstage/backend-defaults');
const { coreServices, createBackendModule } = require('@backstage/backend-plugin-api');
const { appendFileSync } = require('node:fs');
const { InputError } = require('@backstage/errors');
const { catalogLocationsExtensionPoint, catalogProcessingExtensionPoint } = require('@backstage/plugin-catalog-node');

/** Lets clients register `file` locations through POST /api/catalog/locations. */
const allowFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'greenroom-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

/**
 * Appends each processing error of the catalog to the file GREENROOM_PROCESSING_ERRORS names, one
 * JSON line per failed processing: Backstage's reason for not ingesting an entity is otherwise
 * only in its database. The conformance test reads it.
 */
const recordProcessingErrors = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'greenroom-processing-errors',
  register(env) {
    env.registerInit({
      deps: { processing: catalogProcessingExtensionPoint, auth: coreServices.auth },
      async init({ processing, auth }) {
        const file = process.env.GREENROOM_PROCESSING_ERRORS;
        if (!file) return;
        // The catalog's first event creates its signing key inside a processing transaction; with
        // SQLite's single connection that waits on itself until Knex times out. Create it now.
        await auth.getPluginRequestToken({ onBehalfOf: await auth.getOwnServiceCredentials(), targetPluginId: 'catalog' });
        processing.setOnProcessingErrorHandler(({ unprocessedEntity, errors }) => {
          const line = { entity: unprocessedEntity, errors: errors.map((e) => ({ name: e.name, message: e.message })) };
          appendFileSync(file, `${JSON.stringify(line)}\n`);
        });
      },
    });
  },
});

/**
 * An organisation's own check, as platform teams add them to their catalog: an entity tagged
 * `retired-stack` is refused. Greenroom cannot know it; only Backstage's words explain the refusal.
 */
class RetiredStackPolicy {
  getProcessorName() {
    return 'RetiredStackPolicy';
  }
  async preProcessEntity(entity) {
    const tags = entity.metadata?.tags;
    if (Array.isArray(tags) && tags.includes('retired-stack')) {
      throw new InputError(`${entity.metadata.name} is tagged retired-stack; new work must use the supported stack (see the platform handbook)`);
    }
    return entity;
  }
}

const organisationPolicy = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'greenroom-organisation-policy',
  register(env) {
    env.registerInit({
      deps: { processing: catalogProcessingExtensionPoint },
      async init({ processing }) {
        processing.addProcessor(new RetiredStackPolicy());
      },
    });
  },
});

const backend = createBackend();
backend.add(require('@backstage/plugin-auth-backend'));
backend.add(require('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(require('@backstage/plugin-catalog-backend'));
backend.add(require('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(allowFileLocations);
backend.add(recordProcessingErrors);
backend.add(organisationPolicy);
backend.add(require('@backstage/plugin-scaffolder-backend'));
backend.add(require('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(require('@backstage/plugin-notifications-backend'));
backend.add(require('@backstage/plugin-scaffolder-backend-module-notifications'));
backend.add(require('@backstage/plugin-search-backend'));
backend.add(require('@backstage/plugin-search-backend-module-catalog'));
backend.add(require('@backstage/plugin-search-backend-module-techdocs'));
backend.add(require('@backstage/plugin-techdocs-backend'));
if (process.env.GREENROOM_BACKSTAGE_MCP_ACTIONS !== 'off') backend.add(require('@backstage/plugin-mcp-actions-backend'));
backend.start();
