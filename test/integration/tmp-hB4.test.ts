import { ANA, FORM, confirm, savedEventPanel, setup, tick } from './addon-helpers';
test('same quarter second', async () => {
  const s = setup({ program: 'quarterly', end: '2027-01-12' });
  const { panel } = await savedEventPanel(s.ws, '2026-03-03T11:00:00-05:00');
  await confirm(panel, FORM);
  tick(s.ws, 60);
  const second = await savedEventPanel(s.ws, '2026-03-10T11:00:00-05:00');
  console.log(second.panel.text()!.text.join('\n'));
  await s.ws.close();
  void ANA;
});
