package consumer;

import io.structex.spring.StructuredTaskExecutor;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;

/** Fails (exit 1) unless @Async work ran on structex's applicationTaskExecutor. */
@SpringBootApplication
@EnableAsync
public class Main {

    @Service
    public static class Work {
        @Async
        public CompletableFuture<String> where() {
            Thread t = Thread.currentThread();
            return CompletableFuture.completedFuture(t.getName() + " virtual=" + t.isVirtual());
        }
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(Main.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        String where;
        Object executor;
        try (ConfigurableApplicationContext context = app.run(args)) {
            executor = context.getBean("applicationTaskExecutor");
            where = context.getBean(Work.class).where().join();
        }
        System.out.println("SPRING BOOT: " + executor + " ran " + where);
        if (!(executor instanceof StructuredTaskExecutor) || !where.endsWith("virtual=true")) {
            System.exit(1);
        }
    }
}
