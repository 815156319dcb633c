# Debian's Fashion-MNIST lets the IDX loader be tested on real files (optional).
if [ "$(id -u)" = 0 ] && ! [ -d /usr/share/datasets/fashion-mnist ]; then
  (apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist) >/dev/null 2>&1 || echo "note: dataset-fashion-mnist not installed"
fi
