// Well-known annotations on catalog entities, described in our own words. Facts come from
// https://backstage.io/docs/features/software-catalog/well-known-annotations
// except where an entry's group names the plugin documentation it comes from.

/** A well-known `metadata.annotations` key, for hover and completion. */
export interface AnnotationDoc {
  key: string;
  /** Markdown. */
  description: string;
  /** A typical value, as a plain string (YAML needs quotes around values such as `true` or `4242`). */
  example: string;
}

export const ANNOTATION_DOCS: readonly AnnotationDoc[] = [
  // Set by the catalog itself.
  {
    key: 'backstage.io/managed-by-location',
    description:
      'Location reference (`<type>:<target>`) of the source the catalog read this entity from. The catalog sets it while ingesting; it is not meant to be written by hand. The target may itself contain colons, so split only on the first one.',
    example: 'url:https://github.com/acme/payments/blob/main/catalog-info.yaml',
  },
  {
    key: 'backstage.io/managed-by-origin-location',
    description:
      'Location reference of the registered location whose processing led to this entity. Usually equal to `backstage.io/managed-by-location`; it differs when one location delegates to another, such as a `bootstrap:bootstrap` location from `app-config.yaml`. Set by the catalog.',
    example: 'url:https://github.com/acme/catalog/blob/main/all.yaml',
  },
  {
    key: 'backstage.io/orphan',
    description:
      'Set by the catalog, to the string `"true"`, on an entity that no registered location refers to any more. For safety the catalog keeps orphans until someone deletes them. Never add it by hand.',
    example: 'true',
  },

  // Links and provenance.
  {
    key: 'backstage.io/source-location',
    description:
      'Location reference to the source code of the entity, useful when the catalog file is not read from the code repository itself. End a folder URL with `/` so that relative paths resolve correctly.',
    example: 'url:https://github.com/acme/payments/',
  },
  {
    key: 'backstage.io/view-url',
    description: 'Replaces the catalog page\'s "view source" link: the URL of the canonical metadata that governs this entity.',
    example: 'https://github.com/acme/payments/blob/main/catalog-info.yaml',
  },
  {
    key: 'backstage.io/edit-url',
    description:
      'Replaces the catalog page\'s "edit" link: the URL where the source of this entity\'s metadata is edited, for example when the YAML is generated from other files.',
    example: 'https://github.com/acme/payments/edit/main/catalog-info.yaml',
  },
  {
    key: 'backstage.io/source-template',
    description:
      'Entity reference of the Scaffolder template that created this entity, for "create something similar" and for tracking standards. The `catalog:write` action adds it; otherwise the template author must.',
    example: 'template:default/node-service',
  },

  // TechDocs.
  {
    key: 'backstage.io/techdocs-ref',
    description:
      'Where TechDocs reads this entity\'s documentation source: usually `dir:` and a path, relative to this file, to the folder holding `mkdocs.yml`; or a `url:` location reference when the docs live elsewhere.',
    example: 'dir:.',
  },
  {
    key: 'backstage.io/techdocs-entity',
    description:
      'Entity reference of another entity whose TechDocs this entity shows, so entities that share a repository can share one documentation build instead of duplicating it.',
    example: 'system:default/payments',
  },
  {
    key: 'backstage.io/techdocs-entity-path',
    description: 'With `backstage.io/techdocs-entity`: the page, within that entity\'s documentation, to open for this entity.',
    example: '/components/payments-api',
  },
  // Template time-saved: https://backstage.io/docs/features/software-catalog/descriptor-format
  {
    key: 'backstage.io/time-saved',
    description: 'On a Template: roughly how much time one use of the template saves, as an ISO 8601 duration (`PT4H` is four hours).',
    example: 'PT4H',
  },

  // Organization data recorded by ingestion.
  {
    key: 'backstage.io/ldap-dn',
    description: 'Recorded by LDAP ingestion: the distinguished name of the LDAP object this entity came from.',
    example: 'cn=payments,ou=groups,dc=acme,dc=com',
  },
  {
    key: 'backstage.io/ldap-rdn',
    description: 'Recorded by LDAP ingestion: the relative distinguished name of the LDAP object this entity came from.',
    example: 'payments',
  },
  {
    key: 'backstage.io/ldap-uuid',
    description: 'Recorded by LDAP ingestion: the UUID of the LDAP object this entity came from.',
    example: 'c57e8ba2-6cc4-1039-9ebc-d5f241a7ca21',
  },
  {
    key: 'graph.microsoft.com/tenant-id',
    description: 'Recorded by Microsoft Graph (Entra ID) ingestion: the tenant this entity came from.',
    example: '6902611b-ffc1-463f-8af3-4d5285dc057b',
  },
  {
    key: 'graph.microsoft.com/group-id',
    description: 'Recorded by Microsoft Graph (Entra ID) ingestion: the ID of the group a Group entity came from.',
    example: 'c57e8ba2-6cc4-1039-9ebc-d5f241a7ca21',
  },
  {
    key: 'graph.microsoft.com/user-id',
    description: 'Recorded by Microsoft Graph (Entra ID) ingestion: the ID of the user a User entity came from.',
    example: '2de244b5-104b-4e8f-a3b8-dce3c31e54b6',
  },
  {
    key: 'github.com/team-slug',
    description: '`<organization>/<team>` of the GitHub team a Group entity came from, as in the team\'s URL.',
    example: 'acme/payments-team',
  },
  {
    key: 'github.com/user-login',
    description: 'Login of the GitHub user a User entity came from, as in the user\'s URL.',
    example: 'jdoe',
  },

  // Source control and CI.
  {
    key: 'github.com/project-slug',
    description:
      '`<owner>/<repository>` of the entity\'s repository on GitHub or GitHub Enterprise, as in its URL. Turns on GitHub features such as Actions and pull requests for the entity.',
    example: 'acme/payments',
  },
  // GitLab plugin: https://github.com/immobiliare/backstage-plugin-gitlab
  {
    key: 'gitlab.com/project-id',
    description: 'Numeric ID of the entity\'s GitLab project (Settings → General), for the GitLab plugin. Quote it: annotation values are strings.',
    example: '4242',
  },
  {
    key: 'gitlab.com/project-slug',
    description: '`<group>/<project>` path of the entity\'s GitLab project, for the GitLab plugin; an alternative to `gitlab.com/project-id`.',
    example: 'acme/payments',
  },
  // Azure DevOps plugin: https://github.com/backstage/community-plugins/tree/main/workspaces/azure-devops
  {
    key: 'dev.azure.com/project-repo',
    description: '`<project>/<repository>` of the entity\'s Azure DevOps Team Project and Git repository, for the Azure DevOps plugin.',
    example: 'payments/payments-api',
  },
  {
    key: 'jenkins.io/job-full-name',
    description:
      'Path of the Jenkins job that builds the entity, such as `folder/job`; prefix it with `<instance>:` when several Jenkins instances are configured.',
    example: 'payments/payments-build',
  },
  {
    key: 'circleci.com/project-slug',
    description:
      'CircleCI project as `<vcs>/<organization>/<project>` (without the VCS part, Bitbucket is assumed). Shows CircleCI builds in the CI/CD views; do not combine with `github.com/project-slug`, which also drives them.',
    example: 'github/acme/payments',
  },
  {
    key: 'gocd.org/pipelines',
    description: 'Comma-separated names of the GoCD pipelines whose CI/CD information is shown for the entity.',
    example: 'payments,payments-pr',
  },

  // Quality and operations.
  {
    key: 'sonarqube.org/project-key',
    description: 'Key of the entity\'s SonarQube or SonarCloud project.',
    example: 'acme:payments',
  },
  {
    key: 'backstage.io/code-coverage',
    description:
      'Controls the code-coverage plugin: `scm-only` counts only files in source control (ignoring generated code); `enabled` counts every file in the coverage report.',
    example: 'scm-only',
  },
  // Linguist plugin: https://github.com/backstage/community-plugins/tree/main/workspaces/linguist
  {
    key: 'backstage.io/linguist',
    description:
      'URL of the source code that the Linguist plugin scans to show the entity\'s languages. Any URL Backstage\'s UrlReader can read works (GitHub, GitLab, Bitbucket, Azure, S3…).',
    example: 'https://github.com/acme/payments',
  },
  // Lighthouse plugin: https://github.com/backstage/community-plugins/tree/main/workspaces/lighthouse
  {
    key: 'lighthouse.com/website-url',
    description:
      'The one website the Lighthouse plugin audits for the entity. Include the scheme; with and without a trailing `/` count as different sites.',
    example: 'https://payments.acme.com',
  },
  {
    key: 'sentry.io/project-slug',
    description:
      'Slug (or ID) of the entity\'s Sentry project, optionally as `<organization>/<project>`; without the organization, `sentry.organization` in `app-config.yaml` is used.',
    example: 'acme/payments',
  },
  {
    key: 'rollbar.com/project-slug',
    description:
      'Slug (or ID) of the entity\'s Rollbar project, optionally as `<organization>/<project>`; without the organization, `app-config.yaml` supplies it.',
    example: 'acme/payments',
  },
  {
    key: 'periskop.io/service-name',
    description: 'Name of the entity\'s Periskop project, for the Periskop plugin.',
    example: 'payments',
  },
  {
    key: 'vault.io/secrets-path',
    description: 'Path of the entity\'s secrets in Vault, listed by the Vault plugin.',
    example: 'payments/prod',
  },
  // PagerDuty plugin: https://github.com/PagerDuty/backstage-plugins
  {
    key: 'pagerduty.com/integration-key',
    description: 'Integration key of the entity\'s PagerDuty service; the PagerDuty plugin shows its on-call and incidents.',
    example: '0123456789abcdef0123456789abcdef',
  },
  {
    key: 'pagerduty.com/service-id',
    description: 'ID of the entity\'s PagerDuty service; an alternative to `pagerduty.com/integration-key`.',
    example: 'PABC123',
  },
  // Opsgenie plugin: https://github.com/backstage/community-plugins/tree/main/workspaces/opsgenie
  {
    key: 'opsgenie.com/component-selector',
    description: 'An Opsgenie alert search query that selects the entity\'s alerts.',
    example: 'tag:"service:payments"',
  },

  // Deployment. Kubernetes plugin: https://backstage.io/docs/features/kubernetes/configuration
  {
    key: 'backstage.io/kubernetes-id',
    description: 'Links the entity to the Kubernetes objects labelled `backstage.io/kubernetes-id` with the same value, for the Kubernetes plugin.',
    example: 'payments',
  },
  {
    key: 'backstage.io/kubernetes-namespace',
    description: 'Limits the Kubernetes plugin\'s search for the entity\'s objects to this namespace.',
    example: 'payments',
  },
  {
    key: 'backstage.io/kubernetes-label-selector',
    description:
      'Kubernetes label selector that finds the entity\'s objects for the Kubernetes plugin; it takes precedence over `backstage.io/kubernetes-id`.',
    example: 'app=payments,component=api',
  },
  // Argo CD plugin: https://github.com/RoadieHQ/roadie-backstage-plugins/tree/main/plugins/frontend/backstage-plugin-argo-cd
  {
    key: 'argocd/app-name',
    description: 'Name of the Argo CD application that deploys the entity, for the Argo CD plugin.',
    example: 'payments-prod',
  },
];

let byKey: Map<string, AnnotationDoc> | undefined;

/** The documentation of a well-known annotation, or undefined for any other key. */
export function annotationDoc(key: string): AnnotationDoc | undefined {
  byKey ??= new Map(ANNOTATION_DOCS.map((doc) => [doc.key, doc]));
  return byKey.get(key);
}
