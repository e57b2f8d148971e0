package io.copyjobs.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real browser (headless chromium) against a real node that downloads from a
 * local origin: alice signs in, creates a job, resumes it and sees it reach 100 % and TRANSFERRED
 * without reloading the page, then completes it; bob sees neither her job in his list nor her job
 * at its URL; an expired token lands on sign-in with the reason. The jobs list's screenshot in
 * docs/console.png is taken by this test (see {@link #screenshotOfTheList}).
 */
class ConsoleIT {
    static final String GRAFANA = "http://grafana.example.com:3000/";
    static FilesServer files;
    static TestNode node;
    private Browser browser;

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        files = new FilesServer();
        node = TestNode.start(TestNode.freshNamespace("console"), Map.of(
                "COPYJOBS_MAX_TRANSFERS", "2",
                "COPYJOBS_TRANSFER_DENY", "none",
                "COPYJOBS_GRAFANA_URL", GRAFANA));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
            files.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.start(1000, 600);
    }

    @AfterEach
    void closeBrowser() {
        browser.close();
    }

    void signIn(String token) {
        browser.driver.get(node.base + "/console/");
        browser.type("#token", token);
        browser.click("#signin");
        browser.awaitText("#updated", "Updated");
    }

    String createInBrowser(String name, String path, int size) {
        String sha = files.add(path, size);
        browser.click("a[href='#/new']");
        browser.type("#displayName", name);
        new Select(browser.find("#priority")).selectByValue("HIGH");
        browser.type("#file-0-url", files.url(path));
        browser.type("#file-0-name", "data.bin");
        browser.type("#file-0-sha", sha);
        browser.click("#create");
        browser.awaitText("h1", name);
        String url = browser.driver.getCurrentUrl();
        return url.substring(url.indexOf("#/jobs/") + "#/jobs/".length());
    }

    static String create(String token, String json) {
        HttpResponse<String> created = node.post("/v1/jobs", token, json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return TestNode.json(created).get("id").asText();
    }

    String field(String name) {
        return browser.find("dd[data-field='" + name + "']").getText();
    }

    @Test
    void alice_creates_resumes_watches_and_completes_a_job_without_reloading() throws IOException {
        signIn(node.token("alice"));
        String id = createInBrowser("nightly ISOs", "/console/iso.bin", 3_000_000);
        assertThat(field("state")).isEqualTo("SUSPENDED");
        assertThat(field("priority")).isEqualTo("HIGH");
        // A reload would lose this: it shows the page changed by itself.
        browser.script("window.stillTheSamePage = true");

        browser.click("#op-resume");
        browser.until(d -> "TRANSFERRED".equals(field("state")));
        browser.until(d -> "100".equals(browser.find("dd[data-field='bytes'] progress").getAttribute("data-percent")));
        WebElement bytes = browser.find("dd[data-field='bytes'] progress");
        assertThat(bytes.getAttribute("value")).isEqualTo(bytes.getAttribute("max")).isEqualTo("3000000");
        browser.awaitText("#events", "JobTransferred");
        assertThat(browser.script("return window.stillTheSamePage")).isEqualTo(true);

        screenshotOfTheList(id);

        browser.driver.navigate().back();
        browser.click("#op-complete");
        browser.until(d -> "ACKNOWLEDGED".equals(field("state")));
        WebElement resume = browser.find("#op-resume");
        assertThat(resume.isEnabled()).isFalse();
        assertThat(resume.getAttribute("title")).isEqualTo("Resume is not allowed in state ACKNOWLEDGED");
        assertThat(TestNode.json(node.get("/v1/jobs/" + id, node.token("alice"))).get("state").asText())
                .isEqualTo("ACKNOWLEDGED");
    }

    /** The list with the transferred job and one waiting, as docs/console.png shows it. */
    void screenshotOfTheList(String transferred) throws IOException {
        String waiting = create(node.token("alice"), "{\"displayName\":\"tools\","
                + "\"priority\":\"LOW\",\"files\":[{\"remoteUrl\":\"" + files.url("/console/iso.bin")
                + "\",\"localName\":\"tools.zip\"}]}");
        browser.click("a[href='#/jobs']");
        browser.find("tr[data-job-id='" + transferred + "'] progress");
        browser.find("tr[data-job-id='" + waiting + "'] progress");
        assertThat(browser.find("tr[data-job-id='" + transferred + "'] .state").getText()).isEqualTo("TRANSFERRED");
        byte[] png = ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES);
        // Into target/ on every run, so that a test run leaves the tree clean; `-Dconsole.screenshot=docs/console.png`
        // refreshes the picture the docs show.
        Path file = Path.of(System.getProperty("console.screenshot", "target/console.png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
    }

    @Test
    void bob_sees_neither_alices_job_in_his_list_nor_at_its_url() {
        String alices = create(node.token("alice"), "{\"displayName\":\"alice's\"}");
        signIn(node.token("bob"));
        browser.awaitText("h1", "Jobs of bob");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-job-id='" + alices + "']"))).isEmpty();
        browser.driver.get(node.base + "/console/#/jobs/" + alices);
        browser.awaitText("[role=alert]", "E_ACCESSDENIED");
        assertThat(browser.driver.findElements(By.id("job-fields"))).isEmpty();
        assertThat(browser.driver.getPageSource()).doesNotContain("alice's");
    }

    @Test
    void a_link_with_an_expired_token_lands_on_sign_in_with_the_reason_and_keeps_no_token() {
        String expired = node.token("carol", Duration.ofMinutes(-5));
        browser.driver.get(node.base + "/console/#token=" + expired);
        browser.awaitText("#signin-reason", "xpired");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(expired).endsWith("#/signin");
        assertThat(browser.script("return sessionStorage.getItem('copyjobs.token')")).isNull();
    }

    @Test
    void a_console_link_moves_the_token_out_of_the_url_into_the_tab() {
        String token = node.token("dave");
        browser.driver.get(node.base + "/console/#token=" + token);
        browser.awaitText("h1", "Jobs of dave");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(token).endsWith("/console/#/jobs");
        assertThat(browser.script("return sessionStorage.getItem('copyjobs.token')")).isEqualTo(token);
        assertThat(browser.script("return localStorage.length")).isEqualTo(0L);
    }

    @Test
    void an_edit_after_someone_elses_change_says_412_shows_the_new_version_and_then_succeeds() {
        String alice = node.token("alice");
        String id = create(alice, "{\"displayName\":\"first name\"}");
        signIn(alice);
        browser.driver.get(node.base + "/console/#/jobs/" + id);
        browser.awaitText("h1", "first name");
        TestNode.ok(node.patch("/v1/jobs/" + id, alice, "{\"displayName\":\"changed elsewhere\"}", null));
        long version = TestNode.json(node.get("/v1/jobs/" + id, alice)).get("version").asLong();

        browser.type("#edit-name", "my name");
        browser.click("#save");
        browser.awaitText("[role=alert]", "Someone else changed this job: it is now version " + version);
        assertThat(browser.find("#edit-name").getAttribute("value")).isEqualTo("changed elsewhere");

        browser.type("#edit-name", "my name");
        browser.click("#save");
        browser.awaitText("h1", "my name");
        assertThat(TestNode.json(node.get("/v1/jobs/" + id, alice)).get("displayName").asText()).isEqualTo("my name");
    }

    @Test
    void on_a_phone_width_nothing_overflows_every_field_has_a_label_and_all_text_has_contrast() throws IOException {
        String erin = node.token("erin");
        String id = create(erin, "{\"displayName\":\"on the phone\",\"files\":[{\"remoteUrl\":\""
                + files.url("/console/phone.bin") + "\",\"localName\":\"a/rather/long/local/name/of/a/file.bin\"}]}");
        String contrast = new String(ConsoleIT.class.getResourceAsStream("/console/contrast.js").readAllBytes(),
                StandardCharsets.UTF_8);
        browser.close();
        browser = Browser.start(390, 844);
        signIn(erin);
        for (String view : new String[] {"#/jobs", "#/new", "#/jobs/" + id, "#/signin"}) {
            browser.driver.get(node.base + "/console/" + view);
            browser.find(view.startsWith("#/jobs/") ? "#job-fields" : "h1");
            assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth")).as(view)
                    .isEqualTo(true);
            assertThat(browser.script("return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                    + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id)")).as(view)
                    .asList().isEmpty();
            assertThat(browser.script(contrast)).as(view).asList().isEmpty();
        }
        // The check finds what it is for: light grey on white is 2.3:1.
        browser.script("const p = document.createElement('p'); p.textContent = 'faint'; p.style.color = '#aaaaaa';"
                + " document.querySelector('main').append(p)");
        assertThat(browser.script(contrast)).asList().hasSize(1).first().asString().startsWith("P \"faint\" 2.3");
    }

    @Test
    void an_administrator_sees_the_fleet_with_grafana_everyones_jobs_and_takes_one_over() {
        String alices = create(node.token("alice"), "{\"displayName\":\"to take over\"}");
        signIn(node.adminToken("root"));
        browser.click("a[href='#/fleet']");
        browser.awaitText("#nodes tbody", "RUNNING");
        assertThat(browser.find("#grafana a").getAttribute("href")).isEqualTo("http://grafana.example.com:3000/d/copyjobs-fleet");

        browser.click("a[href='#/jobs']");
        browser.click("#all-users");
        assertThat(browser.find("tr[data-job-id='" + alices + "']").getText()).contains("to take over", "alice");
        browser.click("tr[data-job-id='" + alices + "'] a");
        browser.awaitText("h1", "to take over");
        browser.click("#op-take-ownership");
        browser.until(d -> "root".equals(field("owner")));
    }

    @Test
    void the_list_pages_with_the_apis_cursor_and_filters_by_state() {
        String frank = node.token("frank");
        for (int n = 0; n < 21; n++) {
            create(frank, "{\"displayName\":\"job " + n + "\"}");
        }
        signIn(frank);
        browser.until(d -> d.findElements(By.cssSelector("#jobs tr[data-job-id]")).size() == 20);
        // Newest first: the oldest job is the one on the second page.
        browser.click("#next-page");
        browser.until(d -> d.findElements(By.cssSelector("#jobs tr[data-job-id]")).size() == 1);
        browser.awaitText("#jobs tbody", "job 0");
        assertThat(browser.find("#next-page").isEnabled()).isFalse();
        browser.click("#first-page");
        browser.until(d -> d.findElements(By.cssSelector("#jobs tr[data-job-id]")).size() == 20);

        new Select(browser.find("#state-filter")).selectByValue("QUEUED");
        browser.awaitText("#jobs tbody", "No jobs here.");
        new Select(browser.find("#state-filter")).selectByValue("SUSPENDED");
        browser.until(d -> d.findElements(By.cssSelector("#jobs tr[data-job-id]")).size() == 20);
    }
}
