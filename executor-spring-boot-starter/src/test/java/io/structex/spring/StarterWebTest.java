package io.structex.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.structex.spring.web.FanOutApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/** The starter in a real Boot web application: embedded Tomcat, a real HTTP client, Prometheus. */
@SpringBootTest(
        classes = FanOutApp.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "structex.executor.name=web",
            "management.endpoints.web.exposure.include=prometheus"
        })
@Timeout(60)
class StarterWebTest {

    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @LocalServerPort int port;

    @Autowired TaskExecutor injected;

    @Autowired AsyncTaskExecutor applicationTaskExecutor;

    @AfterAll
    static void closeClient() {
        http.close();
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    @Test
    void applicationTaskExecutor_isStructex_andIsWhatTaskExecutorInjectionGets() {
        assertThat(applicationTaskExecutor).isInstanceOf(StructuredTaskExecutor.class);
        assertThat(injected).isSameAs(applicationTaskExecutor);
        assertThat(((StructuredTaskExecutor) applicationTaskExecutor).executor().name())
                .isEqualTo("web");
    }

    @Test
    void asyncFanOut_overHttp_runsEachPieceOnAStructexVirtualThread_decorated() throws Exception {
        String body = get("/fanout?n=5");
        assertThat(body.lines())
                .hasSize(5)
                .allMatch(
                        line ->
                                line.endsWith(
                                        "executor=web virtual=true"
                                                + " decorated=by-spring-decorator"));
    }

    @Test
    void mvcAsyncRequest_runsOnTheStructexExecutor() throws Exception {
        assertThat(get("/mvc-async")).startsWith("executor=web virtual=true");
    }

    @Test
    void prometheusScrape_countsTheFanOutsTasks() throws Exception {
        double submittedBefore =
                sample(get("/actuator/prometheus"), "structex_tasks_submitted_total");
        double successBefore =
                sample(get("/actuator/prometheus"), "structex_tasks_completed_total", "success");
        get("/fanout?n=7");
        String scrape = awaitNoPending();
        assertThat(sample(scrape, "structex_tasks_submitted_total") - submittedBefore).isEqualTo(7);
        assertThat(sample(scrape, "structex_tasks_completed_total", "success") - successBefore)
                .isEqualTo(7);
        assertThat(sample(scrape, "structex_tasks_completed_total", "failed")).isZero();
        assertThat(sample(scrape, "structex_tasks_running")).isZero();
        assertThat(sample(scrape, "structex_tasks_waiting")).isZero();
        assertThat(sample(scrape, "structex_tasks_rejected_total")).isZero();
    }

    /**
     * A task's future completes just before its thread exits: the scrape right after the response
     * may still count it pending. Scrapes until it does not (the test's timeout bounds it).
     */
    private String awaitNoPending() throws Exception {
        while (true) {
            String scrape = get("/actuator/prometheus");
            if (sample(scrape, "structex_tasks_pending") == 0) {
                return scrape;
            }
            Thread.onSpinWait();
        }
    }

    private static double sample(String scrape, String metric) {
        return value(scrape, metric + "\\{name=\"web\"\\}");
    }

    private static double sample(String scrape, String metric, String outcome) {
        return value(scrape, metric + "\\{name=\"web\",outcome=\"" + outcome + "\"\\}");
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        assertThat(m.find()).as(series + " in the scrape:\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
