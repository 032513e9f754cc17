#!/usr/bin/env bash
# Vendors the browser assets the desk and the self-contained map page use (Leaflet,
# Leaflet.markercluster, topojson-client, and the world's countries from Natural
# Earth via world-atlas, public domain) from the npm registry into
# src/frontwire/web/vendor/.
# Run once by a maintainer; the copied files are committed, so neither users
# nor CI need npm or the network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/src/frontwire/web/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
# npm pack fetches the published tarball only: no install scripts run.
npm pack --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 topojson-client@3.1.0 world-atlas@2.0.2 >/dev/null
mkdir leaflet markercluster topojson world-atlas
tar -xzf leaflet-1.9.4.tgz -C leaflet --strip-components=1
tar -xzf leaflet.markercluster-1.5.3.tgz -C markercluster --strip-components=1
tar -xzf topojson-client-3.1.0.tgz -C topojson --strip-components=1
tar -xzf world-atlas-2.0.2.tgz -C world-atlas --strip-components=1
mkdir -p "$dest/leaflet" "$dest/markercluster"
cp leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/LICENSE "$dest/leaflet/"
cp markercluster/dist/leaflet.markercluster.js markercluster/dist/MarkerCluster.css \
   markercluster/dist/MarkerCluster.Default.css "$dest/markercluster/"
cp markercluster/MIT-LICENCE.txt "$dest/markercluster/LICENSE" 2>/dev/null \
  || cp markercluster/LICENSE* "$dest/markercluster/" 2>/dev/null || true
mkdir -p "$dest/topojson" "$dest/world"
cp topojson/dist/topojson-client.min.js topojson/LICENSE "$dest/topojson/"
# countries at 1:50m: coastlines still read at the zoom a district's towns need
cp world-atlas/countries-50m.json world-atlas/LICENSE "$dest/world/"
chmod 644 "$dest"/leaflet/* "$dest"/markercluster/* "$dest"/topojson/* "$dest"/world/*
printf 'leaflet 1.9.4\nleaflet.markercluster 1.5.3\ntopojson-client 3.1.0\nworld-atlas 2.0.2 (Natural Earth 1:50m countries, public domain)\n(from the npm registry by scripts/vendor_assets.sh)\n' > "$dest/VERSIONS.txt"
echo "vendored into $dest"
ls -l "$dest"/*
