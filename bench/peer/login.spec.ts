import { expect, test, type Page } from '@playwright/test';

const baseUrl = () => process.env.PEER_BASE_URL!;
const email = () => process.env.PEER_EMAIL!;

async function signIn(page: Page, password = process.env.PEER_PASSWORD!) {
  await page.goto(`${baseUrl()}/user/new`);
  await page.getByLabel('Email address').fill(email());
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const signOutButton = (page: Page) => page.locator('form[action="/user/logout"]').getByRole('button', { name: 'Sign out' });

test('LOGIN-OK: signs in; a planted session cookie is replaced', async ({ page, context }) => {
  await context.addCookies([{ name: 'key', value: 'planted', url: baseUrl() }]);
  await signIn(page);
  await expect(signOutButton(page)).toBeVisible();
  const key = (await context.cookies(baseUrl())).find((c) => c.name === 'key');
  expect(key?.value).not.toBe('planted');
});

test('LOGIN-BAD: a wrong password is refused with a message, no 5xx', async ({ page }) => {
  const answers: number[] = [];
  page.on('response', (r) => answers.push(r.status()));
  await signIn(page, 'wrong-password');
  await expect(page.locator('.flash-e')).toBeVisible();
  await expect(signOutButton(page)).toHaveCount(0);
  expect(answers.filter((s) => s >= 500)).toEqual([]);
});

test('LOGIN-COOKIES: the session cookie is HttpOnly with SameSite', async ({ page, context }) => {
  await signIn(page);
  await expect(signOutButton(page)).toBeVisible();
  const key = (await context.cookies(baseUrl())).find((c) => c.name === 'key');
  expect(key?.httpOnly).toBe(true);
  expect(['Lax', 'Strict']).toContain(key?.sameSite);
});

test('LOGOUT-REPLAY: a cookie captured before sign-out opens nothing afterwards', async ({ page, context, browser }) => {
  await signIn(page);
  await expect(signOutButton(page)).toBeVisible();
  const captured = await context.cookies(baseUrl());
  await signOutButton(page).click();
  const replay = await browser.newContext();
  await replay.addCookies(captured);
  const again = await replay.newPage();
  await again.goto(`${baseUrl()}/`);
  await expect(signOutButton(again)).toHaveCount(0);
  await replay.close();
});

test('SESS-PARALLEL: a second browser signs in while the first session lives; both work', async ({ page, browser }) => {
  await signIn(page);
  const second = await browser.newContext();
  const other = await second.newPage();
  await signIn(other);
  await expect(signOutButton(other)).toBeVisible();
  await page.goto(`${baseUrl()}/`);
  await expect(signOutButton(page)).toBeVisible();
  await second.close();
});
