module consumer {
    requires io.structex.hazelcast;
}
