/* berth-compose-project.c: a loaded compose project (several -f files
 * merged, validated, ordered).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <yaml.h>

#include "berth-compose-interpolate-private.h"
#include "berth-compose-loader-private.h"
#include "berth-compose-project-private.h"

struct _BerthComposeProject
{
  GObject     parent_instance;

  char       *name;
  char       *working_dir;
  char      **config_files;
  GPtrArray  *services;   /* BerthComposeService, file order */
  GHashTable *service_index; /* name -> BerthComposeService */
  GHashTable *network_index; /* key -> BerthComposeNetwork */
  GHashTable *volume_index;  /* key -> BerthComposeVolume */
  GPtrArray  *order;      /* BerthComposeService, dependencies first */
  GPtrArray  *networks;   /* BerthComposeNetwork */
  GPtrArray  *volumes;    /* BerthComposeVolume */
  GPtrArray  *warnings;   /* char * */
};

G_DEFINE_FINAL_TYPE (BerthComposeProject, berth_compose_project, G_TYPE_OBJECT)

G_DEFINE_QUARK (berth-compose-error-quark, berth_compose_error)

static void
berth_compose_project_finalize (GObject *object)
{
  BerthComposeProject *self = BERTH_COMPOSE_PROJECT (object);

  g_free (self->name);
  g_free (self->working_dir);
  g_strfreev (self->config_files);
  g_clear_pointer (&self->services, g_ptr_array_unref);
  g_clear_pointer (&self->service_index, g_hash_table_unref);
  g_clear_pointer (&self->network_index, g_hash_table_unref);
  g_clear_pointer (&self->volume_index, g_hash_table_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->networks, g_ptr_array_unref);
  g_clear_pointer (&self->volumes, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (berth_compose_project_parent_class)->finalize (object);
}

static void
berth_compose_project_class_init (BerthComposeProjectClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = berth_compose_project_finalize;
}

static void
berth_compose_project_init (BerthComposeProject *self)
{
  self->services = g_ptr_array_new_with_free_func (g_object_unref);
  self->service_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->network_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->volume_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->order = g_ptr_array_new_with_free_func (g_object_unref);
  self->networks = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_network_free);
  self->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) berth_compose_volume_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* ---- discovery and names ------------------------------------------------ */

/* Every compose file of a directory, in discovery order: the standard
 * names first, then the docker-compose.*.yml files sorted by name. */
static GPtrArray *
list_compose_files (const char *dir,
                    guint      *n_standard)
{
  static const char * const names[] = {
    "compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml", NULL
  };
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) dotted = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
  *n_standard = files->len;

  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (entry = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (entry, "docker-compose.") && g_str_has_suffix (entry, ".yml") &&
        strlen (entry) > strlen ("docker-compose..yml"))
      g_ptr_array_add (dotted, g_strdup (entry));
  g_ptr_array_sort (dotted, compare_strings);
  for (guint i = 0; i < dotted->len; i++)
    g_ptr_array_add (files, g_build_filename (dir, g_ptr_array_index (dotted, i), NULL));

  return files;
}

char **
berth_compose_list_files (const char *project_dir)
{
  g_autofree char *dir = g_canonicalize_filename (project_dir ? project_dir : ".", NULL);
  g_autoptr(GPtrArray) files = NULL;
  guint n_standard;

  files = list_compose_files (dir, &n_standard);
  g_ptr_array_add (files, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&files), FALSE);
}

char *
berth_compose_discover_file (const char  *project_dir,
                             GError     **error)
{
  g_autofree char *dir = g_canonicalize_filename (project_dir ? project_dir : ".", NULL);
  g_autoptr(GPtrArray) candidates = NULL;
  guint n_standard;

  candidates = list_compose_files (dir, &n_standard);

  if (n_standard > 0 || candidates->len == 1)
    return g_strdup (g_ptr_array_index (candidates, 0));

  if (candidates->len > 1)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < candidates->len; i++)
        {
          g_autofree char *base = g_path_get_basename (g_ptr_array_index (candidates, i));
          g_string_append_printf (list, "%s%s", i ? ", " : "", base);
        }
      g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND,
                   _("several compose files in %s (%s): choose one with -f"), dir, list->str);
      return NULL;
    }

  g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND,
               _("no compose file in %s (looked for compose.yaml, compose.yml, docker-compose.yaml, "
                 "docker-compose.yml and docker-compose.*.yml)"), dir);
  return NULL;
}

char *
berth_compose_normalize_project_name (const char *name)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;

  if (name == NULL)
    return NULL;
  for (p = name; *p; p++)
    {
      char c = g_ascii_tolower (*p);
      if (g_ascii_isalnum (c) || c == '_' || c == '-')
        g_string_append_c (s, c);
    }
  p = s->str;
  while (*p == '_' || *p == '-')
    p++;
  if (*p == '\0')
    return NULL;
  return g_strdup (p);
}

/* ---- loading -------------------------------------------------------------- */

static void
merge_network (BerthComposeNetwork *base, BerthComposeNetwork *o)
{
  if (o->name) { g_free (base->name); base->name = g_steal_pointer (&o->name); }
  if (o->driver) { g_free (base->driver); base->driver = g_steal_pointer (&o->driver); }
  base->external = base->external || o->external;
  base->attachable = base->attachable || o->attachable;
  berth_compose_key_values_update (base->labels, o->labels, FALSE);
}

static void
merge_volume (BerthComposeVolume *base, BerthComposeVolume *o)
{
  if (o->name) { g_free (base->name); base->name = g_steal_pointer (&o->name); }
  if (o->driver) { g_free (base->driver); base->driver = g_steal_pointer (&o->driver); }
  base->external = base->external || o->external;
  berth_compose_key_values_update (base->labels, o->labels, FALSE);
}

static gboolean
validation_error (GError **error, const BerthComposeLoc *loc, const char *msg)
{
  g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_VALIDATION, "%s:%u:%u: %s",
               loc->file, loc->line, loc->column, msg);
  return FALSE;
}

/* Depth-first, dependencies first, services in file order: a stable order
 * that also finds cycles (state: 0 new, 1 on the stack, 2 done). */
static gboolean
visit (BerthComposeProject *self, BerthComposeService *svc, GHashTable *state, GPtrArray *stack, GError **error)
{
  gpointer st = g_hash_table_lookup (state, svc->name);

  if (GPOINTER_TO_INT (st) == 2)
    return TRUE;
  g_hash_table_insert (state, svc->name, GINT_TO_POINTER (1));
  g_ptr_array_add (stack, svc);

  for (guint i = 0; i < svc->depends_on->len; i++)
    {
      BerthComposeDependencyPriv *d = g_ptr_array_index (svc->depends_on, i);
      BerthComposeService *dep = berth_compose_project_get_service (self, d->pub.service);

      if (GPOINTER_TO_INT (g_hash_table_lookup (state, d->pub.service)) == 1)
        {
          g_autoptr(GString) cycle = g_string_new (NULL);
          g_autofree char *msg = NULL;
          guint start = 0;

          for (guint j = 0; j < stack->len; j++)
            if (g_ptr_array_index (stack, j) == dep)
              start = j;
          for (guint j = start; j < stack->len; j++)
            g_string_append_printf (cycle, "%s -> ", ((BerthComposeService *) g_ptr_array_index (stack, j))->name);
          g_string_append (cycle, dep->name);
          msg = g_strdup_printf (_("dependency cycle: %s"), cycle->str);
          return validation_error (error, &d->loc, msg);
        }
      if (!visit (self, dep, state, stack, error))
        return FALSE;
    }

  g_ptr_array_remove_index (stack, stack->len - 1);
  g_hash_table_insert (state, svc->name, GINT_TO_POINTER (2));
  g_ptr_array_add (self->order, g_object_ref (svc));
  return TRUE;
}

static gboolean
validate (BerthComposeProject *self, GError **error)
{
  for (guint i = 0; i < self->services->len; i++)
    {
      BerthComposeService *svc = g_ptr_array_index (self->services, i);

      if (svc->image == NULL && svc->build == NULL)
        {
          g_autofree char *msg = g_strdup_printf (_("service “%s” has neither an image nor a build section"), svc->name);
          return validation_error (error, &svc->loc, msg);
        }
      for (guint j = 0; j < svc->depends_on->len; j++)
        {
          BerthComposeDependencyPriv *d = g_ptr_array_index (svc->depends_on, j);

          if (berth_compose_project_get_service (self, d->pub.service) == NULL)
            {
              g_autofree char *msg = g_strdup_printf (_("service “%s” depends on undefined service “%s”"),
                                                      svc->name, d->pub.service);
              return validation_error (error, &d->loc, msg);
            }
          if (g_str_equal (d->pub.service, svc->name))
            {
              g_autofree char *msg = g_strdup_printf (_("dependency cycle: %s -> %s"), svc->name, svc->name);
              return validation_error (error, &d->loc, msg);
            }
        }
      for (guint j = 0; j < svc->networks->len; j++)
        {
          BerthComposeServiceNetworkPriv *n = g_ptr_array_index (svc->networks, j);

          if (berth_compose_project_get_network (self, n->pub.name) == NULL)
            {
              g_autofree char *msg = g_strdup_printf (_("service “%s” uses network “%s”, which is not declared "
                                                        "under the top-level networks"), svc->name, n->pub.name);
              return validation_error (error, &n->loc, msg);
            }
        }
      for (guint j = 0; j < svc->volumes->len; j++)
        {
          BerthComposeMountPriv *m = g_ptr_array_index (svc->volumes, j);

          if (m->pub.type == BERTH_COMPOSE_MOUNT_VOLUME && m->pub.source != NULL &&
              berth_compose_project_get_volume (self, m->pub.source) == NULL)
            {
              g_autofree char *msg = g_strdup_printf (_("service “%s” uses volume “%s”, which is not declared "
                                                        "under the top-level volumes"), svc->name, m->pub.source);
              return validation_error (error, &m->loc, msg);
            }
        }
    }

  {
    g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    for (guint i = 0; i < self->services->len; i++)
      if (!visit (self, g_ptr_array_index (self->services, i), state, stack, error))
        return FALSE;
  }
  return TRUE;
}

static gint
compare_positions (gconstpointer a, gconstpointer b, gpointer data)
{
  gsize prefix = *(gsize *) data;
  const char *x = *(const char * const *) a + prefix;
  const char *y = *(const char * const *) b + prefix;
  char *end;
  guint64 lx = g_ascii_strtoull (x, &end, 10);
  guint64 cx = g_ascii_strtoull (end + 1, NULL, 10);
  guint64 ly = g_ascii_strtoull (y, &end, 10);
  guint64 cy = g_ascii_strtoull (end + 1, NULL, 10);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  if (cx != cy)
    return cx < cy ? -1 : 1;
  return 0;
}

static const char *
lookup_table (const char *name, gpointer data)
{
  return g_hash_table_lookup (data, name);
}

static GHashTable *
process_environment (void)
{
  GHashTable *env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) environ = g_get_environ ();

  for (guint i = 0; environ[i]; i++)
    {
      char *eq = strchr (environ[i], '=');
      if (eq != NULL)
        g_hash_table_insert (env, g_strndup (environ[i], eq - environ[i]), g_strdup (eq + 1));
    }
  return env;
}

static gboolean
read_dotenv (const char *working_dir, GHashTable *process_env, GHashTable *out, GError **error)
{
  g_autofree char *path = g_build_filename (working_dir, ".env", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) pairs = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;
  if (!g_file_get_contents (path, &data, NULL, error))
    return FALSE;
  pairs = berth_compose_parse_env (path, data, lookup_table, process_env, error);
  if (pairs == NULL)
    return FALSE;
  for (guint i = 0; i + 1 < pairs->len; i += 2)
    g_hash_table_insert (out, g_strdup (g_ptr_array_index (pairs, i)), g_strdup (g_ptr_array_index (pairs, i + 1)));
  return TRUE;
}

/* data (nullable): the content of files[0], for the fuzzer and tests. */
static BerthComposeProject *
load_internal (const char          *project_dir,
               const char * const  *files,
               const char          *project_name,
               GHashTable          *environment,
               const char          *data_override,
               gsize                data_length,
               GError             **error)
{
  g_autoptr(BerthComposeProject) self = g_object_new (BERTH_TYPE_COMPOSE_PROJECT, NULL);
  g_autoptr(GHashTable) own_env = NULL;
  g_autoptr(GHashTable) env = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) warned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GStrvBuilder) abs_files = g_strv_builder_new ();
  g_autoptr(GPtrArray) display_files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *top_name = NULL;
  GHashTableIter iter;
  gpointer k, v;

  if (environment == NULL)
    environment = own_env = process_environment ();

  if (files == NULL || files[0] == NULL)
    {
      char *found = berth_compose_discover_file (project_dir, error);
      if (found == NULL)
        return NULL;
      g_strv_builder_add (abs_files, found);
      g_ptr_array_add (display_files, found);
    }
  else
    for (guint i = 0; files[i]; i++)
      {
        g_autofree char *abs = g_canonicalize_filename (files[i], NULL);
        g_strv_builder_add (abs_files, abs);
        g_ptr_array_add (display_files, g_strdup (files[i]));
      }
  self->config_files = g_strv_builder_end (abs_files);

  if (project_dir != NULL)
    self->working_dir = g_canonicalize_filename (project_dir, NULL);
  else
    self->working_dir = g_path_get_dirname (self->config_files[0]);

  if (!read_dotenv (self->working_dir, environment, env, error))
    return NULL;
  g_hash_table_iter_init (&iter, environment);
  while (g_hash_table_iter_next (&iter, &k, &v))
    g_hash_table_insert (env, g_strdup (k), g_strdup (v));

  for (guint f = 0; self->config_files[f]; f++)
    {
      const char *display = g_ptr_array_index (display_files, f);
      g_autofree char *data = NULL;
      gsize length = 0;
      g_autoptr(GError) local = NULL;
      g_autoptr(BerthYamlNode) root = NULL;
      g_autoptr(GPtrArray) file_warnings = NULL;
      g_auto(BerthComposeFileModel) model = { 0 };
      BerthComposeLoadContext ctx = { 0 };
      gboolean ok;

      if (f == 0 && data_override != NULL)
        {
          data = g_malloc (data_length + 1);
          memcpy (data, data_override, data_length);
          data[data_length] = '\0';
          length = data_length;
        }
      else if (!g_file_get_contents (self->config_files[f], &data, &length, &local))
        {
          if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND,
                         _("compose file %s not found"), display);
          else
            g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_NOT_FOUND,
                         _("cannot read compose file %s: %s"), display, local->message);
          return NULL;
        }
      root = berth_yaml_parse (display, data, length, error);
      if (root == NULL)
        return NULL;

      ctx.file = g_intern_string (display);
      ctx.file_dir = g_path_get_dirname (self->config_files[f]);
      ctx.working_dir = self->working_dir;
      ctx.env = env;
      ctx.home = g_hash_table_lookup (env, "HOME");
      if (ctx.home == NULL)
        ctx.home = g_get_home_dir ();
      ctx.warnings = file_warnings = g_ptr_array_new_with_free_func (g_free);
      ctx.warned_vars = warned;
      ok = berth_compose_load_file_model (&ctx, root, &model, error);
      g_free (ctx.file_dir);
      /* Checks run per section; users read warnings top to bottom. */
      {
        gsize prefix = strlen (display) + 1;
        g_ptr_array_sort_with_data (file_warnings, compare_positions, &prefix);
      }
      for (guint i = 0; i < file_warnings->len; i++)
        g_ptr_array_add (self->warnings, g_strdup (g_ptr_array_index (file_warnings, i)));
      if (!ok)
        return NULL;

      if (model.name != NULL)
        {
          g_free (top_name);
          top_name = g_strdup (model.name);
        }

      for (guint i = 0; i < model.services->len; i++)
        {
          BerthComposeService *svc = g_ptr_array_index (model.services, i);
          BerthComposeService *base = berth_compose_project_get_service (self, svc->name);

          if (base != NULL)
            berth_compose_service_merge (base, svc);
          else
            {
              g_ptr_array_add (self->services, g_object_ref (svc));
              g_hash_table_insert (self->service_index, svc->name, svc);
            }
        }
      while (model.networks->len > 0)
        {
          BerthComposeNetwork *n = g_ptr_array_steal_index (model.networks, 0);
          BerthComposeNetwork *base = (BerthComposeNetwork *) berth_compose_project_get_network (self, n->key);

          if (base != NULL)
            {
              merge_network (base, n);
              berth_compose_network_free (n);
            }
          else
            {
              g_ptr_array_add (self->networks, n);
              g_hash_table_insert (self->network_index, n->key, n);
            }
        }
      while (model.volumes->len > 0)
        {
          BerthComposeVolume *vol = g_ptr_array_steal_index (model.volumes, 0);
          BerthComposeVolume *base = (BerthComposeVolume *) berth_compose_project_get_volume (self, vol->key);

          if (base != NULL)
            {
              merge_volume (base, vol);
              berth_compose_volume_free (vol);
            }
          else
            {
              g_ptr_array_add (self->volumes, vol);
              g_hash_table_insert (self->volume_index, vol->key, vol);
            }
        }
    }

  /* Project name: -p, COMPOSE_PROJECT_NAME, name:, the directory. */
  if (project_name != NULL)
    {
      g_autofree char *norm = berth_compose_normalize_project_name (project_name);
      if (norm == NULL || !g_str_equal (norm, project_name))
        {
          g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_PROJECT_NAME,
                       _("invalid project name “%s”: use lowercase letters, digits, “_” and “-”, "
                         "starting with a letter or a digit"), project_name);
          return NULL;
        }
      self->name = g_steal_pointer (&norm);
    }
  else
    {
      const char *candidates[3] = {
        g_hash_table_lookup (env, "COMPOSE_PROJECT_NAME"),
        top_name,
        NULL,
      };
      g_autofree char *base = g_path_get_basename (self->working_dir);

      for (guint i = 0; i < 2 && self->name == NULL; i++)
        if (candidates[i] != NULL && candidates[i][0] != '\0')
          self->name = berth_compose_normalize_project_name (candidates[i]);
      if (self->name == NULL)
        self->name = berth_compose_normalize_project_name (base);
      if (self->name == NULL)
        {
          g_set_error (error, BERTH_COMPOSE_ERROR, BERTH_COMPOSE_ERROR_PROJECT_NAME,
                       _("cannot derive a project name from “%s”: give one with -p"), base);
          return NULL;
        }
    }

  /* Compose adds a "default" network for services that name none. */
  for (guint i = 0; i < self->services->len; i++)
    {
      BerthComposeService *svc = g_ptr_array_index (self->services, i);

      berth_compose_service_finish_load (svc);
      if (svc->networks->len == 0)
        {
          BerthComposeServiceNetworkPriv *n = g_new0 (BerthComposeServiceNetworkPriv, 1);

          n->pub.name = g_strdup ("default");
          n->loc = svc->loc;
          g_ptr_array_add (svc->networks, n);
          if (berth_compose_project_get_network (self, "default") == NULL)
            {
              BerthComposeNetwork *net = g_new0 (BerthComposeNetwork, 1);
              net->key = g_strdup ("default");
              net->implicit = TRUE;
              net->labels = berth_compose_key_values_new ();
              g_ptr_array_add (self->networks, net);
              g_hash_table_insert (self->network_index, net->key, net);
            }
        }
    }

  for (guint i = 0; i < self->networks->len; i++)
    {
      BerthComposeNetwork *n = g_ptr_array_index (self->networks, i);
      if (n->name == NULL)
        n->name = n->external ? g_strdup (n->key) : g_strdup_printf ("%s_%s", self->name, n->key);
    }
  for (guint i = 0; i < self->volumes->len; i++)
    {
      BerthComposeVolume *vol = g_ptr_array_index (self->volumes, i);
      if (vol->name == NULL)
        vol->name = vol->external ? g_strdup (vol->key) : g_strdup_printf ("%s_%s", self->name, vol->key);
    }

  if (!validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

BerthComposeProject *
berth_compose_project_load (const char          *project_dir,
                            const char * const  *files,
                            const char          *project_name,
                            GHashTable          *environment,
                            GError             **error)
{
  return load_internal (project_dir, files, project_name, environment, NULL, 0, error);
}

BerthComposeProject *
berth_compose_project_load_data (const char  *file,
                                 const char  *data,
                                 gsize        length,
                                 const char  *project_dir,
                                 GHashTable  *environment,
                                 GError     **error)
{
  const char *files[] = { file, NULL };

  return load_internal (project_dir, files, NULL, environment, data, length, error);
}

typedef struct
{
  char        *project_dir;
  char       **files;
  char        *project_name;
  GHashTable  *environment;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_free (data->project_dir);
  g_strfreev (data->files);
  g_free (data->project_name);
  g_clear_pointer (&data->environment, g_hash_table_unref);
  g_free (data);
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError *error = NULL;
  BerthComposeProject *project;

  project = berth_compose_project_load (data->project_dir, (const char * const *) data->files,
                                        data->project_name, data->environment, &error);
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

void
berth_compose_project_load_async (const char          *project_dir,
                                  const char * const  *files,
                                  const char          *project_name,
                                  GHashTable          *environment,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LoadData *data = g_new0 (LoadData, 1);

  data->project_dir = g_strdup (project_dir);
  data->files = g_strdupv ((char **) files);
  data->project_name = g_strdup (project_name);
  if (environment != NULL)
    {
      GHashTableIter iter;
      gpointer k, v;

      /* A private copy: the caller may change its table meanwhile. */
      data->environment = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, environment);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (data->environment, g_strdup (k), g_strdup (v));
    }
  else
    data->environment = process_environment ();
  g_task_set_source_tag (task, berth_compose_project_load_async);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

BerthComposeProject *
berth_compose_project_load_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- accessors -------------------------------------------------------------- */

const char *berth_compose_project_get_name (BerthComposeProject *self) { return self->name; }
const char *berth_compose_project_get_working_dir (BerthComposeProject *self) { return self->working_dir; }
const char * const *berth_compose_project_get_config_files (BerthComposeProject *self) { return (const char * const *) self->config_files; }
GPtrArray *berth_compose_project_get_services (BerthComposeProject *self) { return self->services; }
GPtrArray *berth_compose_project_get_order (BerthComposeProject *self) { return self->order; }
GPtrArray *berth_compose_project_get_networks (BerthComposeProject *self) { return self->networks; }
GPtrArray *berth_compose_project_get_volumes (BerthComposeProject *self) { return self->volumes; }
GPtrArray *berth_compose_project_get_warnings (BerthComposeProject *self) { return self->warnings; }

BerthComposeService *
berth_compose_project_get_service (BerthComposeProject *self, const char *name)
{
  return g_hash_table_lookup (self->service_index, name);
}

const BerthComposeNetwork *
berth_compose_project_get_network (BerthComposeProject *self, const char *key)
{
  return g_hash_table_lookup (self->network_index, key);
}

const BerthComposeVolume *
berth_compose_project_get_volume (BerthComposeProject *self, const char *key)
{
  return g_hash_table_lookup (self->volume_index, key);
}

char *
berth_compose_project_dup_service_image (BerthComposeProject *self,
                                         BerthComposeService *service)
{
  if (service->image != NULL)
    return g_strdup (service->image);
  return g_strdup_printf ("%s-%s", self->name, service->name);
}

/* ---- output --------------------------------------------------------------- */

/* Sorts arrays of structs whose first member is their key. */
static gint
compare_keys (gconstpointer a, gconstpointer b)
{
  const char *ka = **(const char * const * const *) a;
  const char *kb = **(const char * const * const *) b;
  return strcmp (ka, kb);
}

/* g_ptr_array_copy() would also copy the free func. */
static GPtrArray *
borrowed_copy (GPtrArray *array)
{
  GPtrArray *copy = g_ptr_array_sized_new (array->len);

  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (array, i));
  return copy;
}

JsonNode *
berth_compose_project_to_json (BerthComposeProject *self,
                               gboolean             show_secrets)
{
  JsonObject *root = json_object_new ();
  JsonObject *services = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  json_object_set_string_member (root, "name", self->name);

  if (self->networks->len > 0)
    {
      JsonObject *nets = json_object_new ();
      g_autoptr(GPtrArray) sorted = borrowed_copy (self->networks);

      g_ptr_array_sort (sorted, compare_keys);  /* key is the first member */
      for (guint i = 0; i < sorted->len; i++)
        {
          BerthComposeNetwork *n = g_ptr_array_index (sorted, i);
          JsonObject *o = json_object_new ();

          if (n->attachable)
            json_object_set_boolean_member (o, "attachable", TRUE);
          if (n->driver)
            json_object_set_string_member (o, "driver", n->driver);
          if (n->external)
            json_object_set_boolean_member (o, "external", TRUE);
          if (n->labels->len > 0)
            json_object_set_member (o, "labels", berth_compose_key_values_to_json (n->labels, TRUE, TRUE));
          json_object_set_string_member (o, "name", n->name);
          json_object_set_object_member (nets, n->key, o);
        }
      json_object_set_object_member (root, "networks", nets);
    }

  for (guint i = 0; i < self->services->len; i++)
    g_ptr_array_add (names, ((BerthComposeService *) g_ptr_array_index (self->services, i))->name);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    json_object_set_member (services, g_ptr_array_index (names, i),
                            berth_compose_service_to_json (berth_compose_project_get_service (self, g_ptr_array_index (names, i)),
                                                           show_secrets));
  json_object_set_object_member (root, "services", services);

  if (self->volumes->len > 0)
    {
      JsonObject *vols = json_object_new ();
      g_autoptr(GPtrArray) sorted = borrowed_copy (self->volumes);

      g_ptr_array_sort (sorted, compare_keys);
      for (guint i = 0; i < sorted->len; i++)
        {
          BerthComposeVolume *v = g_ptr_array_index (sorted, i);
          JsonObject *o = json_object_new ();

          if (v->driver)
            json_object_set_string_member (o, "driver", v->driver);
          if (v->external)
            json_object_set_boolean_member (o, "external", TRUE);
          if (v->labels->len > 0)
            json_object_set_member (o, "labels", berth_compose_key_values_to_json (v->labels, TRUE, TRUE));
          json_object_set_string_member (o, "name", v->name);
          json_object_set_object_member (vols, v->key, o);
        }
      json_object_set_object_member (root, "volumes", vols);
    }

  json_node_take_object (node, root);
  return node;
}

/* ---- YAML printer ----------------------------------------------------------- */

static int
write_gstring (void *data, unsigned char *buffer, size_t size)
{
  g_string_append_len (data, (const char *) buffer, size);
  return 1;
}

/* A string that a YAML reader would take for something else gets quotes. */
static gboolean
needs_quotes (const char *s)
{
  static const char * const words[] = { "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", NULL };
  char *end = NULL;

  if (*s == '\0')
    return TRUE;
  for (guint i = 0; words[i]; i++)
    if (g_ascii_strcasecmp (s, words[i]) == 0)
      return TRUE;
  g_ascii_strtod (s, &end);
  if (end != NULL && *end == '\0')
    return TRUE;
  /* YAML 1.1 floats (.inf, .nan) and merge keys. */
  if ((s[0] == '.' && g_ascii_isalpha (s[1])) || g_str_equal (s, "<<"))
    return TRUE;
  /* Sexagesimal-looking and port-looking values (1:30) confuse YAML 1.1. */
  for (const char *p = s; *p; p++)
    if (!g_ascii_isdigit (*p) && *p != ':' && *p != '.')
      return FALSE;
  return TRUE;
}

static gboolean
emit_scalar (yaml_emitter_t *e, const char *value, gboolean quoted_if_needed)
{
  yaml_event_t ev;
  yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;

  if (quoted_if_needed && needs_quotes (value))
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  yaml_scalar_event_initialize (&ev, NULL, NULL, (yaml_char_t *) value, strlen (value), 1, 1, style);
  return yaml_emitter_emit (e, &ev);
}

static gboolean
emit_node (yaml_emitter_t *e, JsonNode *node)
{
  yaml_event_t ev;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        GList *members = json_object_get_members (obj);
        gboolean ok;

        yaml_mapping_start_event_initialize (&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
        ok = yaml_emitter_emit (e, &ev);
        for (GList *l = members; l && ok; l = l->next)
          ok = emit_scalar (e, l->data, TRUE) && emit_node (e, json_object_get_member (obj, l->data));
        g_list_free (members);
        yaml_mapping_end_event_initialize (&ev);
        return ok && yaml_emitter_emit (e, &ev);
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *arr = json_node_get_array (node);
        gboolean ok;

        yaml_sequence_start_event_initialize (&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
        ok = yaml_emitter_emit (e, &ev);
        for (guint i = 0; i < json_array_get_length (arr) && ok; i++)
          ok = emit_node (e, json_array_get_element (arr, i));
        yaml_sequence_end_event_initialize (&ev);
        return ok && yaml_emitter_emit (e, &ev);
      }
    case JSON_NODE_NULL:
      return emit_scalar (e, "null", FALSE);
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return emit_scalar (e, json_node_get_string (node), TRUE);
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return emit_scalar (e, json_node_get_boolean (node) ? "true" : "false", FALSE);
      else
        {
          g_autofree char *s = NULL;
          if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
            s = g_strdup_printf ("%g", json_node_get_double (node));
          else
            s = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          return emit_scalar (e, s, FALSE);
        }
    }
}

char *
berth_compose_project_to_yaml (BerthComposeProject *self,
                               gboolean             show_secrets)
{
  g_autoptr(JsonNode) node = berth_compose_project_to_json (self, show_secrets);
  g_autoptr(GString) out = g_string_new (NULL);
  yaml_emitter_t emitter;
  yaml_event_t ev;
  gboolean ok;

  yaml_emitter_initialize (&emitter);
  yaml_emitter_set_output (&emitter, write_gstring, out);
  yaml_emitter_set_unicode (&emitter, 1);
  yaml_emitter_set_width (&emitter, -1);
  yaml_emitter_set_indent (&emitter, 2);

  yaml_stream_start_event_initialize (&ev, YAML_UTF8_ENCODING);
  ok = yaml_emitter_emit (&emitter, &ev);
  yaml_document_start_event_initialize (&ev, NULL, NULL, NULL, 1);
  ok = ok && yaml_emitter_emit (&emitter, &ev);
  ok = ok && emit_node (&emitter, node);
  yaml_document_end_event_initialize (&ev, 1);
  ok = ok && yaml_emitter_emit (&emitter, &ev);
  yaml_stream_end_event_initialize (&ev);
  ok = ok && yaml_emitter_emit (&emitter, &ev);
  yaml_emitter_delete (&emitter);

  /* The emitter only fails on invalid UTF-8, which the parser refused. */
  if (!ok)
    return g_strdup ("");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
