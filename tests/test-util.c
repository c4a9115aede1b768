/* test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "berth-util.h"

static void
test_secret_keys (void)
{
  g_assert_true (berth_util_is_secret_key ("POSTGRES_PASSWORD"));
  g_assert_true (berth_util_is_secret_key ("secret_key"));
  g_assert_true (berth_util_is_secret_key ("Api_Token"));
  g_assert_false (berth_util_is_secret_key ("FLASK_APP"));
  g_assert_false (berth_util_is_secret_key (NULL));
}

static void
test_mask (void)
{
  g_autofree char *masked = berth_util_mask_secret ("DB_PASSWORD", "hunter2", FALSE);
  g_autofree char *shown = berth_util_mask_secret ("DB_PASSWORD", "hunter2", TRUE);
  g_autofree char *plain = berth_util_mask_secret ("FLASK_APP", "app.py", FALSE);

  g_assert_cmpstr (masked, ==, "********");
  g_assert_cmpstr (shown, ==, "hunter2");
  g_assert_cmpstr (plain, ==, "app.py");
}

static void
test_duration (void)
{
  struct { gint64 ns; const char *s; } cases[] = {
    { 0, "0s" },
    { G_GINT64_CONSTANT (90000000000), "1m30s" },
    { G_GINT64_CONSTANT (500000000), "500ms" },
    { G_GINT64_CONSTANT (10000000000), "10s" },
    { G_GINT64_CONSTANT (3600000000000), "1h0m0s" },
    { G_GINT64_CONSTANT (1500000000), "1.5s" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = berth_util_format_duration (cases[i].ns);
      g_assert_cmpstr (s, ==, cases[i].s);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/util/secret-keys", test_secret_keys);
  g_test_add_func ("/util/mask", test_mask);
  g_test_add_func ("/util/duration", test_duration);
  return g_test_run ();
}
