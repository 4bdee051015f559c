package io.grove.http.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.grove.support.ApiClient;
import io.grove.support.GroveTest;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** Swagger UI, driven in Debian's headless Chromium: the page renders Grove's API and "Try it out" works. */
@GroveTest
class SwaggerUiBrowserTest {

    @Autowired
    ApiClient api;

    @TempDir
    Path profile;
    WebDriver browser;

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions()
                .setBinary("/usr/bin/chromium")
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void docsLeadToSwaggerUiWhereAPredictionCanBeTried() {
        browser.get(api.base() + "/docs");
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        WebElement predict = wait.until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#operations-Predictions-predict .opblock-summary")));
        assertThat(browser.getCurrentUrl()).endsWith("/swagger-ui/index.html");
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText()).startsWith("Grove");
        assertThat(browser.findElements(By.cssSelector(".opblock-summary-path")))
                .extracting(WebElement::getText)
                .contains("/predict", "/predict-batch", "/health", "/metrics");

        predict.click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-Predictions-predict .try-out__btn"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#operations-Predictions-predict .execute"))).click();

        WebElement response = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#operations-Predictions-predict .live-responses-table tr.response .response-col_status")));
        assertThat(response.getText()).isEqualTo("200");
        assertThat(browser.findElement(By.cssSelector("#operations-Predictions-predict .live-responses-table .microlight"))
                .getText()).contains("\"label\": \"setosa\"");
    }
}
