// Every grain test cluster in this process reads one fake job clock: tests that move it run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
