# Sourced by the benchmark scripts after scripts/lib/fresh-distribution.sh: an RBD backend "ceph"
# on a fresh single-node Ceph cluster under $work/ceph, set up as an operator sets one up.
#   start_ceph            starts the cluster; sets $ceph_dir; stop_all (the scripts' EXIT trap)
#                         then stops it by its PIDs and removes $work
#   configure_rbd_backend writes etc/org.scoria.driver.rbd-ceph.cfg (before the distribution starts)
#   install_rbd_backend   installs the driver feature, waits for the backend, creates the type "ceph"

ceph_dir=

stop_all() {
  stop_distribution_only
  if [ -n "$ceph_dir" ] && [ -d "$ceph_dir" ]; then "$top/scripts/ceph-cluster" down "$ceph_dir"; fi
  rm -rf "$work"
}

start_ceph() {
  ceph_dir=$work/ceph
  trap stop_all EXIT
  "$top/scripts/ceph-cluster" up "$ceph_dir" | grep '^ceph '
}

configure_rbd_backend() {
  cat > "$home/etc/org.scoria.driver.rbd-ceph.cfg" <<CFG
scoria.backend.name=ceph
rbd.pool=volumes
rbd.ceph.conf=$ceph_dir/ceph.conf
rbd.user=scoria
rbd.keyring.conf=$ceph_dir/ceph.client.scoria.keyring
CFG
}

# $1: how many backends report once it is up (the default NFS one included)
install_rbd_backend() {
  echo "feature:install scoria-driver-rbd" | "$home/bin/client" -u karaf -p karaf -r 30 -d 2 -b > /dev/null
  await_pools "$1"
  curl -sf -H 'X-Auth-Token: admin:bench:admin' -H 'Content-Type: application/json' \
    -d '{"volume_type": {"name": "ceph", "extra_specs": {"volume_backend_name": "ceph"}}}' \
    http://127.0.0.1:8776/v3/bench/types > /dev/null
}
