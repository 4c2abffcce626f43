package io.dailyetl.ingest.extract;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to {@code ingest.source.max-page-bytes}; past it (or when the declared Content-Length
 * is already past it), cancels the exchange and fails with {@link PageTooLargeException}, so one huge page can never
 * exhaust the heap.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long max;
    private final long declared;
    private final String keys;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    /** A body of at most {@code max} bytes, whose response declared {@code declared} bytes (-1 if it did not). */
    BoundedBody(long max, long declared, String keys) {
        this.max = max;
        this.declared = declared;
        this.keys = keys;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared > max) {
            s.cancel();
            body.completeExceptionally(
                    new PageTooLargeException(max, " (its Content-Length is " + declared + ")", keys));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (bytes.size() + (long) b.remaining() > max) {
                subscription.cancel();
                body.completeExceptionally(new PageTooLargeException(max, "", keys));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    /** A page over the source's {@code max-page-bytes}: not retried, the run fails saying so. */
    static final class PageTooLargeException extends RuntimeException {
        PageTooLargeException(long max, String detail, String keys) {
            super("answered a page larger than " + keys + ".max-page-bytes (" + max + " bytes)" + detail
                    + "; ask the source for smaller pages (" + keys + ".page-size) or raise the limit with the heap");
        }
    }
}
