// The real Backstage backend that Greenroom's tests run against: the
// catalog, scaffolder (with its GitHub and notification actions), notifications,
// search and auth plugins of test/backstage/package.json,
// with no backstage-cli. scripts/backstage/backstageServer.mjs runs it with
// the cache folder of those packages as working directory and NODE_PATH, and
// the config given by --config arguments.
'use strict';

const { createBackend } = require('@backstage/backend-defaults');
const { createBackendModule } = require('@backstage/backend-plugin-api');
const { catalogLocationsExtensionPoint } = require('@backstage/plugin-catalog-node');

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

const backend = createBackend();
backend.add(require('@backstage/plugin-auth-backend'));
backend.add(require('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(require('@backstage/plugin-catalog-backend'));
backend.add(require('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(allowFileLocations);
backend.add(require('@backstage/plugin-scaffolder-backend'));
backend.add(require('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(require('@backstage/plugin-notifications-backend'));
backend.add(require('@backstage/plugin-scaffolder-backend-module-notifications'));
backend.add(require('@backstage/plugin-search-backend'));
backend.add(require('@backstage/plugin-search-backend-module-catalog'));
backend.start();
