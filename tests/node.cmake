# The edge node: a real `loopkeeper-node` serving a model trained by the real CLI, driven with curl.
loopkeeper_add_test(tst_node LIBS loopkeeper_core LABELS "node;api")
add_dependencies(tst_node loopkeeper-node loopkeeper-cli)
# TLS: serve and the node over HTTPS with a throwaway CA (made with the openssl tool), clients
# verifying against the CA file, the non-loopback rule and certificate errors.
loopkeeper_add_test(tst_tls LIBS loopkeeper_core LABELS "node;api")
add_dependencies(tst_tls loopkeeper-node loopkeeper-cli)
