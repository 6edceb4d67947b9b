using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Disque.Dashboard.Tests.Browser;

/// <summary>
/// Debian's chromium, headless, driven through Debian's chromedriver (nothing is downloaded):
/// a fresh profile each time, and the flags that keep it from reaching for the network.
/// </summary>
public static class Chromium
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    public static bool Installed => File.Exists(BrowserPath) && File.Exists(DriverPath);

    public static string Missing => $"needs Debian's chromium and chromium-driver ({BrowserPath}, {DriverPath}): apt-get install chromium chromium-driver";

    public static ChromeDriver Start(bool javaScript = true)
    {
        var profile = Directory.CreateTempSubdirectory("disque-chromium-");
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        // --ignore-certificate-errors: the HTTPS tests serve a certificate they made themselves.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--ignore-certificate-errors", "--no-first-run", "--window-size=1280,1000", $"--user-data-dir={profile.FullName}");
        if (!javaScript)
            options.AddUserProfilePreference("profile.managed_default_content_settings.javascript", 2);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
        // An element a click's page load brings is waited for, not missed on a busy machine.
        driver.Manage().Timeouts().ImplicitWait = TimeSpan.FromSeconds(5);
        return driver;
    }
}

/// <summary>
/// A test in a real browser. Skipped, saying why, when chromium is not installed here;
/// never skipped in CI (CI=true), which installs it: there a missing browser fails the test.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.Installed && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = Chromium.Missing;
    }
}
