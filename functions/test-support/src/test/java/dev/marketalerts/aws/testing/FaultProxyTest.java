package dev.marketalerts.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketalerts.aws.testing.FaultProxy.Fault;
import dev.marketalerts.aws.testing.FaultProxy.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FaultProxyTest {
    private static final String ANSWER_BODY = "{\"ConsumedCapacity\":null}";

    private TinyUpstream upstream;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        upstream = new TinyUpstream();
        proxy = FaultProxy.to(upstream.uri());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    private static byte[] dynamo(String operation, String body) {
        return ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810." + operation
                + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sns(String action) {
        String body = "Action=" + action + "&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At";
        return ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] SAVE_STATE = dynamo("PutItem", "{\"TableName\":\"t\",\"Item\":{\"pk\":{\"S\":\"RULE#r#BTC-USD\"},\"sk\":{\"S\":\"STATE\"}}}");

    static Stream<Arguments> calls() {
        return Stream.of(
                Arguments.of(dynamo("UpdateItem", "{\"UpdateExpression\":\"SET #a = if_not_exists(#a, :zero) + :one, alert = :alert\","
                        + "\"ExpressionAttributeNames\":{\"#a\":\"attempts\"}}"), Kind.CLAIM),
                Arguments.of(dynamo("UpdateItem", "{\"UpdateExpression\":\"SET #status = :sent, messageId = :mid REMOVE #pending\","
                        + "\"ExpressionAttributeNames\":{\"#status\":\"status\",\"#pending\":\"pending\"}}"), Kind.RECORD),
                Arguments.of(dynamo("UpdateItem", "{\"UpdateExpression\":\"SET leaseUntil = :due, #o = :outcome\","
                        + "\"ExpressionAttributeNames\":{\"#o\":\"lastOutcome\"}}"), Kind.RETRY_LATER),
                Arguments.of(SAVE_STATE, Kind.SAVE_STATE),
                Arguments.of(dynamo("PutItem", "{\"Item\":{\"pk\":{\"S\":\"HISTORY\"},\"sk\":{\"S\":\"2026#x\"}}}"), Kind.HISTORY),
                Arguments.of(dynamo("Query", "{\"TableName\":\"t\",\"IndexName\":\"due-index\"}"), Kind.LIST_DUE),
                Arguments.of(dynamo("BatchGetItem", "{\"RequestItems\":{}}"), Kind.READ_STATE),
                Arguments.of(dynamo("GetItem", "{\"Key\":{}}"), Kind.OTHER),
                Arguments.of(sns("PublishBatch"), Kind.PUBLISH),
                Arguments.of(sns("Publish"), Kind.PUBLISH),
                Arguments.of(sns("CreateTopic"), Kind.OTHER));
    }

    @ParameterizedTest
    @MethodSource("calls")
    void sortsEachCallIntoItsKindAndForwardsItsBytesAndTheAnswerUnchanged(byte[] request, Kind kind) throws IOException {
        try (Socket s = connect()) {
            byte[] answer = exchange(s, request);

            assertThat(upstream.received).containsExactly(new String(request, StandardCharsets.ISO_8859_1));
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).isEqualTo(TinyUpstream.answer(1));
            assertThat(proxy.calls(kind)).isEqualTo(1);
            assertThat(proxy.forwarded(kind)).isEqualTo(1);
        }
    }

    @Test
    void keepsTheClientConnectionAliveAcrossRequests() throws IOException {
        try (Socket s = connect()) {
            exchange(s, SAVE_STATE);
            byte[] second = exchange(s, sns("PublishBatch"));

            assertThat(new String(second, StandardCharsets.ISO_8859_1)).isEqualTo(TinyUpstream.answer(2));
            assertThat(upstream.received).hasSize(2);
        }
    }

    @Test
    void answersExpectContinueAndForwardsTheRequestWithoutIt() throws IOException {
        String body = "{\"Item\":{\"pk\":{\"S\":\"RULE#a#b\"}}}";
        String head = "POST / HTTP/1.1\r\nHost: h\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\nContent-Length: " + body.length() + "\r\n";
        try (Socket s = connect()) {
            s.getOutputStream().write((head + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readHead(s.getInputStream())).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            s.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));

            assertThat(new String(readAnswer(s.getInputStream()), StandardCharsets.ISO_8859_1)).isEqualTo(TinyUpstream.answer(1));
            assertThat(upstream.received).containsExactly(head + "\r\n" + body);
            assertThat(proxy.calls(Kind.SAVE_STATE)).isOne();
        }
    }

    @Test
    void resetBeforeForwardingNeverReachesTheUpstream() throws IOException {
        proxy.inject(Kind.SAVE_STATE, Fault.RESET_BEFORE_FORWARD, 1);
        try (Socket s = connect()) {
            s.getOutputStream().write(SAVE_STATE);

            assertThat(readToEnd(s)).isEmpty();
        }
        assertThat(upstream.received).isEmpty();
        assertThat(proxy.calls(Kind.SAVE_STATE)).isOne();
    }

    @Test
    void droppingTheAnswerLetsTheUpstreamProcessTheRequest() throws IOException {
        proxy.inject(Kind.PUBLISH, Fault.DROP_ANSWER, 1);
        try (Socket s = connect()) {
            s.getOutputStream().write(sns("PublishBatch"));

            assertThat(readToEnd(s)).isEmpty();
        }
        assertThat(upstream.received).hasSize(1);
    }

    @Test
    void delayingHoldsTheAnswerPastTheClientsTimeoutThenCloses() throws IOException {
        proxy.delayAnswersBy(Duration.ofMillis(600)).inject(Kind.PUBLISH, Fault.DELAY, 1);
        try (Socket s = connect()) {
            s.setSoTimeout(200);
            s.getOutputStream().write(sns("PublishBatch"));

            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            s.setSoTimeout(2_000);
            assertThat(readToEnd(s)).isEmpty();
        }
        assertThat(upstream.received).hasSize(1);
    }

    @Test
    void answers500AndThrottlingInTheServicesOwnErrorShapeWithoutForwarding() throws IOException {
        proxy.inject(Kind.SAVE_STATE, Fault.ANSWER_500, 1).inject(Kind.SAVE_STATE, Fault.THROTTLE, 1)
                .inject(Kind.PUBLISH, Fault.ANSWER_500, 1).inject(Kind.PUBLISH, Fault.THROTTLE, 1);
        try (Socket s = connect()) {
            String dynamo500 = text(exchange(s, SAVE_STATE));
            String dynamoThrottle = text(exchange(s, SAVE_STATE));
            String sns500 = text(exchange(s, sns("PublishBatch")));
            String snsThrottle = text(exchange(s, sns("PublishBatch")));

            assertThat(dynamo500).startsWith("HTTP/1.1 500 ").contains("application/x-amz-json-1.0", "#InternalServerError");
            assertThat(dynamoThrottle).startsWith("HTTP/1.1 400 ").contains("#ThrottlingException");
            assertThat(sns500).startsWith("HTTP/1.1 500 ").contains("text/xml", "<Code>InternalFailure</Code>");
            assertThat(snsThrottle).startsWith("HTTP/1.1 400 ").contains("<Code>Throttling</Code>");
        }
        assertThat(upstream.received).isEmpty();
    }

    @Test
    void aFaultAppliesToItsNumberOfCallsThenTheNextFaultThenForwarding() throws IOException {
        proxy.inject(Kind.SAVE_STATE, Fault.THROTTLE, 2).inject(Kind.SAVE_STATE, Fault.ANSWER_500, 1);
        try (Socket s = connect()) {
            List<String> statuses = Stream.of(1, 2, 3, 4).map(i -> text(exchange(s, SAVE_STATE)).substring(0, 12)).toList();

            assertThat(statuses).containsExactly("HTTP/1.1 400", "HTTP/1.1 400", "HTTP/1.1 500", "HTTP/1.1 200");
            assertThat(proxy.calls(Kind.SAVE_STATE)).isEqualTo(4);
            assertThat(proxy.forwarded(Kind.SAVE_STATE)).isOne();
        }
    }

    @Test
    void holdingForwardsNothingUntilReleasedThenAppliesItsNextFault() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        proxy.inject(Kind.PUBLISH, Fault.hold(release, Fault.FORWARD), 1);
        try (Socket s = connect()) {
            s.getOutputStream().write(sns("PublishBatch"));
            proxy.awaitCalls(Kind.PUBLISH, 1, Duration.ofSeconds(5));
            Thread.sleep(200);
            assertThat(upstream.received).isEmpty();

            release.countDown();

            assertThat(text(readAnswer(s.getInputStream()))).isEqualTo(TinyUpstream.answer(1));
            assertThat(upstream.received).hasSize(1);
        }
    }

    @Test
    void refusingResetsOpenConnectionsAndRefusesNewOnesUntilHealed() throws IOException {
        try (Socket idle = connect()) {
            exchange(idle, SAVE_STATE);
            proxy.refuse();

            assertThat(readToEnd(idle)).isEmpty();
            assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
            proxy.heal();
            try (Socket s = connect()) {
                assertThat(text(exchange(s, SAVE_STATE))).startsWith("HTTP/1.1 200 ");
            }
        }
        assertThat(upstream.received).hasSize(2);
    }

    // ---- a raw client ----

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.endpoint().getPort());
        s.setSoTimeout(5_000);
        return s;
    }

    private static byte[] exchange(Socket s, byte[] request) {
        try {
            s.getOutputStream().write(request);
            return readAnswer(s.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** What arrives until the connection ends; a reset counts as the end. */
    private static byte[] readToEnd(Socket s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            InputStream in = s.getInputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                out.write(b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open", e);
        } catch (IOException e) {
            // reset
        }
        return out.toByteArray();
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static byte[] readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return (head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An HTTP/1.1 server that keeps every request it gets and answers each with a numbered 200. */
    private static final class TinyUpstream implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        TinyUpstream() throws IOException {
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread c = new Thread(() -> serve(s));
                        c.setDaemon(true);
                        c.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        static String answer(int n) {
            String body = ANSWER_BODY.replace("null", Integer.toString(n));
            return "HTTP/1.1 200 OK\r\nx-amzn-RequestId: r" + n + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        }

        private void serve(Socket s) {
            try (s) {
                while (true) {
                    String head = readHead(s.getInputStream());
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).strip());
                        }
                    }
                    received.add(head + new String(s.getInputStream().readNBytes(length), StandardCharsets.ISO_8859_1));
                    s.getOutputStream().write(answer(received.size()).getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // the proxy closed its side
            }
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
