# PostgreSQL for the study-storage tests (src/tune/storage/*.test.ts): they start
# a throw-away cluster from Debian's server binaries (initdb/pg_ctl as the
# `postgres` user, on a free loopback port) unless OPTLAB_TEST_POSTGRES_URL names
# a server. Install the binaries only when missing. Under CI a missing server
# makes those tests fail, not skip.
if [ -z "${OPTLAB_TEST_POSTGRES_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
      || echo "note: could not install postgresql (the PostgreSQL tests will fail)"
  else
    echo "note: PostgreSQL is missing and this is not root: install postgresql or set OPTLAB_TEST_POSTGRES_URL"
  fi
fi
