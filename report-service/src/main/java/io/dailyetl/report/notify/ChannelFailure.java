package io.dailyetl.report.notify;

/** A channel did not accept a notification; the message names why and where (host only), never a secret. */
public class ChannelFailure extends RuntimeException {

    public ChannelFailure(String message) {
        super(message);
    }
}
