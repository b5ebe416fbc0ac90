package dev.wse.client;

/**
 * Counters of a client's topic sequencing since it connected.
 *
 * @param delivered stamped publications delivered to the listeners
 * @param duplicates stamped publications dropped because their offset was already
 * delivered
 * @param gaps stamped publications dropped because they arrived past the next expected
 * offset
 * @param recoveryRequests recovering subscribes the client sent by itself to fill gaps
 * @param resyncs times a topic went on from a new position without the messages between
 * (see {@link RecoveryListener#resynced})
 */
public record RecoveryStats(long delivered, long duplicates, long gaps, long recoveryRequests, long resyncs) {

}
