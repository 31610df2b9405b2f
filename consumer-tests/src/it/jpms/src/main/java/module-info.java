module consumer {
    requires io.structex;
}
