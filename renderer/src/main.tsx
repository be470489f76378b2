document.getElementById('root')!.textContent = 'TokenDesk';
