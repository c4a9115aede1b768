/* berth-engine-settings.c: the engine endpoint the GSettings keys describe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "berth-application.h"
#include "berth-engine-settings.h"

static const char * const endpoint_keys[] = {
  "engine-endpoint",
  "engine-mode",
  "engine-socket-path",
  "engine-tcp-url",
  "engine-tls-ca-file",
  "engine-tls-cert-file",
  "engine-tls-key-file",
  "engine-tls-verify",
  "engine-context",
};

gboolean
berth_engine_settings_is_endpoint_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (endpoint_keys); i++)
    if (g_strcmp0 (key, endpoint_keys[i]) == 0)
      return TRUE;
  return FALSE;
}

BerthEngineEndpointSpec *
berth_engine_settings_get_spec (GSettings *settings)
{
  g_autofree char *legacy = g_strstrip (g_settings_get_string (settings, "engine-endpoint"));
  BerthEngineEndpointSpec *spec;

  if (legacy[0] != '\0')
    {
      spec = berth_engine_endpoint_spec_new (BERTH_ENGINE_ENDPOINT_MODE_AUTOMATIC);
      spec->host = g_steal_pointer (&legacy);
      return spec;
    }

  spec = berth_engine_endpoint_spec_new (g_settings_get_enum (settings, "engine-mode"));
  spec->socket_path = g_settings_get_string (settings, "engine-socket-path");
  spec->tcp_url = g_settings_get_string (settings, "engine-tcp-url");
  spec->ca_file = g_settings_get_string (settings, "engine-tls-ca-file");
  spec->cert_file = g_settings_get_string (settings, "engine-tls-cert-file");
  spec->key_file = g_settings_get_string (settings, "engine-tls-key-file");
  spec->tls_verify = g_settings_get_boolean (settings, "engine-tls-verify");
  spec->context = g_settings_get_string (settings, "engine-context");
  /* The context row starts on "default" before anything is chosen. */
  if (spec->context[0] == '\0')
    {
      g_free (spec->context);
      spec->context = g_strdup ("default");
    }
  return spec;
}

gboolean
berth_engine_settings_migrate (GSettings *settings)
{
  g_autofree char *legacy = g_strstrip (g_settings_get_string (settings, "engine-endpoint"));
  g_autoptr(BerthEngineEndpoint) endpoint = NULL;
  g_autoptr(GSettings) batch = NULL;

  if (legacy[0] == '\0')
    return FALSE;

  /* Resolving applies DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as the old key
   * did, so the TLS keys get what the connection used. */
  endpoint = berth_engine_endpoint_resolve (legacy, NULL);
  if (endpoint == NULL)
    return FALSE;

  batch = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_settings_delay (batch);
  if (endpoint->socket_path != NULL)
    {
      g_settings_set_enum (batch, "engine-mode", BERTH_ENGINE_ENDPOINT_MODE_SOCKET);
      g_settings_set_string (batch, "engine-socket-path", endpoint->socket_path);
    }
  else
    {
      g_settings_set_enum (batch, "engine-mode", BERTH_ENGINE_ENDPOINT_MODE_TCP);
      g_settings_set_string (batch, "engine-tcp-url", legacy);
      g_settings_set_boolean (batch, "engine-tls-verify", endpoint->tls && endpoint->tls_verify);
      g_settings_set_string (batch, "engine-tls-ca-file", endpoint->ca_file ? endpoint->ca_file : "");
      g_settings_set_string (batch, "engine-tls-cert-file", endpoint->cert_file ? endpoint->cert_file : "");
      g_settings_set_string (batch, "engine-tls-key-file", endpoint->key_file ? endpoint->key_file : "");
    }
  g_settings_set_string (batch, "engine-endpoint", "");
  g_settings_apply (batch);
  return TRUE;
}

void
berth_engine_settings_set (const char *key,
                           GVariant   *value)
{
  g_autoptr(GSettings) batch = g_settings_new (BERTH_SETTINGS_SCHEMA);
  g_autoptr(GVariant) sunk = g_variant_ref_sink (value);

  g_return_if_fail (berth_engine_settings_is_endpoint_key (key));

  g_settings_delay (batch);
  g_settings_set_value (batch, key, sunk);
  g_settings_set_string (batch, "engine-endpoint", "");
  g_settings_apply (batch);
}
