#!/usr/bin/env bash
# Vendors the browser assets the self-contained map page inlines (Leaflet and
# Leaflet.markercluster) from the npm registry into src/frontwire/web/vendor/.
# Run once by a maintainer; the copied files are committed, so neither users
# nor CI need npm or the network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/frontwire/web/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# npm pack fetches the published tarball only: no install scripts run.
npm pack --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 >/dev/null
mkdir leaflet markercluster
tar -xzf leaflet-1.9.4.tgz -C leaflet --strip-components=1
tar -xzf leaflet.markercluster-1.5.3.tgz -C markercluster --strip-components=1
mkdir -p "$dest/leaflet" "$dest/markercluster"
cp leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/LICENSE "$dest/leaflet/"
cp markercluster/dist/leaflet.markercluster.js markercluster/dist/MarkerCluster.css \
   markercluster/dist/MarkerCluster.Default.css "$dest/markercluster/"
cp markercluster/MIT-LICENCE.txt "$dest/markercluster/LICENSE" 2>/dev/null \
  || cp markercluster/LICENSE* "$dest/markercluster/" 2>/dev/null || true
chmod 644 "$dest"/leaflet/* "$dest"/markercluster/*
printf 'leaflet 1.9.4\nleaflet.markercluster 1.5.3\n(from the npm registry by scripts/vendor_assets.sh)\n' > "$dest/VERSIONS.txt"
echo "vendored into $dest"
ls -l "$dest"/*
