# The browser lab's tests drive Debian's Chromium through playwright-core
# (test/lab/): install it when it is missing. Under CI the tests fail, with a
# message, if it is still missing; elsewhere they are skipped.
if ! [ -x /usr/bin/chromium ] && [ -z "${OPTLAB_CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || echo "note: chromium could not be installed"
  else
    echo "note: /usr/bin/chromium is missing and this is not root: the browser tests will fail under CI"
  fi
fi
